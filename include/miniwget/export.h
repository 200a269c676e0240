/* export: MW_API marks the functions libminiwget exports. The library is
 * built with hidden visibility, so a function without the mark stays
 * inside it, however global its C linkage: the public headers are the
 * whole interface of a shared build. */
#ifndef MINIWGET_EXPORT_H
#define MINIWGET_EXPORT_H

#define MW_API __attribute__((visibility("default")))

#endif
