/**
 * @file smartservice/export.h
 * @brief The export macro and C/C++ linkage helpers shared by every public header.
 *
 * Not meant to be included on its own; every module header includes it.
 */
#ifndef SMARTSERVICE_EXPORT_H
#define SMARTSERVICE_EXPORT_H

/** Marks a function as part of the public ABI of libsmartservice. */
#if defined(SSVC_BUILDING_LIBRARY) && defined(__GNUC__)
#  define SSVC_API __attribute__((visibility("default")))
#else
#  define SSVC_API
#endif

#ifdef __cplusplus
#  define SSVC_BEGIN_DECLS extern "C" { /**< Opens C linkage for C++ includers. */
#  define SSVC_END_DECLS }              /**< Closes SSVC_BEGIN_DECLS. */
#else
#  define SSVC_BEGIN_DECLS /**< Opens C linkage for C++ includers. */
#  define SSVC_END_DECLS   /**< Closes SSVC_BEGIN_DECLS. */
#endif

#endif /* SMARTSERVICE_EXPORT_H */
