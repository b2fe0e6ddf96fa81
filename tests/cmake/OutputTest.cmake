# ssvc_add_output_test(NAME n COMMAND prog args... [EXPECT file] [EXIT code] [STDERR regex]
#                      [STDIN file])
# A CTest test that runs the command and checks what a user of it relies on:
#  - standard output equals the EXPECT file byte for byte (empty when EXPECT is not given);
#  - the exit status equals EXIT (default 0);
#  - standard error matches the regular expression STDERR, when given.
# Used for every example program and every command of the smartservice tool.
function(ssvc_add_output_test)
  cmake_parse_arguments(T "" "NAME;EXPECT;EXIT;STDERR;STDIN" "COMMAND" ${ARGN})
  if(NOT DEFINED T_EXIT)
    set(T_EXIT 0)
  endif()
  add_test(NAME ${T_NAME}
    COMMAND ${CMAKE_COMMAND} "-DCMD=${T_COMMAND}" "-DEXPECT=${T_EXPECT}" "-DEXIT=${T_EXIT}"
            "-DSTDERR_RE=${T_STDERR}" "-DSTDIN=${T_STDIN}"
            -P ${PROJECT_SOURCE_DIR}/tests/cmake/run_and_compare.cmake)
endfunction()
