// Must NOT build: sweep/ and report/ are siblings above solve/; neither may include the other.
#include "report/report.hpp"
