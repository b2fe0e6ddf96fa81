# Writes smartservice(1): cmake -DTOOL=path/to/smartservice -DOUT=smartservice.1 -P man.cmake
execute_process(COMMAND ${TOOL} help --man OUTPUT_FILE ${OUT}.tmp RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "smartservice help --man failed (${rc})")
endif()
file(RENAME ${OUT}.tmp ${OUT})
