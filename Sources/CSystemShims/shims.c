// The shims are inline functions in include/CSystemShims.h; SwiftPM builds a C
// target only from a source file, and this is it.
#include "CSystemShims.h"
