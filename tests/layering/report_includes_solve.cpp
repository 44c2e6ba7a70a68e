// Must build: report/ sits above solve/ and may include it (the counterpart that shows the
// failing cases fail for the layering, not for a broken set-up).
#include "solve/answers.hpp"
