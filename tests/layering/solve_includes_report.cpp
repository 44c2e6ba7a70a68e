// Must NOT build: solve/ sits below report/, so a report header is not on solve's include path.
#include "report/report.hpp"
