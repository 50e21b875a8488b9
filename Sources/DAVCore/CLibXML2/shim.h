#include <libxml/xmlversion.h>
// Debian builds libxml2 with ICU, so encoding.h would include the system <unicode/ucnv.h>.
// Swift code that also imports Foundation then sees two different definitions of ICU types
// (Foundation ships its own ICU module) and fails to compile. pocketdav never uses libxml2's
// ICU converters, and only handles xmlCharEncodingHandler through pointers, so hiding them is safe.
#undef LIBXML_ICU_ENABLED
#include <libxml/parser.h>
#include <libxml/tree.h>
