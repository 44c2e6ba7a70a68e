// engine/core/csv: RFC 4180 quoting and the formula-injection guard, one rule for every CSV.
#include <catch2/catch.hpp>

#include <cmath>

#include "core/csv.hpp"
#include "core/text.hpp"

using namespace borderflow;

TEST_CASE("csv: cells are quoted when they hold a comma, a quote, CR or LF", "[core][csv]") {
  CHECK(csv_cell("plain") == "plain");
  CHECK(csv_cell("") == "");
  CHECK(csv_cell("a,b") == "\"a,b\"");
  CHECK(csv_cell("say \"x\"") == "\"say \"\"x\"\"\"");
  CHECK(csv_cell("two\nlines") == "\"two\nlines\"");
  // A lone CR ends a record for many readers: quoted like LF (the report writer once did not).
  CHECK(csv_cell("two\rlines") == "\"two\rlines\"");
  CHECK(csv_cell("tab\tinside") == "tab\tinside");
  CHECK(csv_cell("Хасан") == "Хасан");
}

TEST_CASE("csv: a cell a spreadsheet would run as a formula is defused, a number is not", "[core][csv]") {
  CHECK(csv_cell("=SUM(A1)") == "'=SUM(A1)");
  CHECK(csv_cell("+cmd") == "'+cmd");
  CHECK(csv_cell("-cmd") == "'-cmd");
  CHECK(csv_cell("@SUM(A1)") == "'@SUM(A1)");
  CHECK(csv_cell("\t=1") == "'\t=1");
  CHECK(csv_cell("\r=1") == "\"'\r=1\"");
  CHECK(csv_cell("=1,2") == "\"'=1,2\"");  // guarded, then quoted
  // Plain decimal numbers stay numbers, signed or not.
  CHECK(csv_cell("-12.5") == "-12.5");
  CHECK(csv_cell("+3") == "+3");
  CHECK(csv_cell("-1e-3") == "-1e-3");
  // Not a plain decimal: guarded.
  CHECK(csv_cell("-inf") == "'-inf");
  CHECK(csv_cell("-1+1") == "'-1+1");
  CHECK(csv_cell("a=b") == "a=b");
}

TEST_CASE("csv: reals are the shortest fixed text that reads back", "[core][csv]") {
  CHECK(format_real(1234.5) == "1234.5");
  CHECK(format_real(1e6) == "1000000");
  CHECK(format_real(0.1) == "0.1");
  CHECK(format_real(-2.25) == "-2.25");
  CHECK(format_real(INFINITY) == "inf");
  CHECK(format_real(std::nan("")).empty());
}

TEST_CASE("csv: a tidy record has eleven columns and a numeric value or none", "[core][csv]") {
  CHECK(std::string(kTidyCsvHeader) == "scenario,period,question,direction,element_kind,element_id,from,to,metric,unit,value\n");
  TidyRecord r;
  r.scenario = "s, with comma";
  r.question = "ru-kp";
  r.direction = "forward";
  r.element_kind = "link";
  r.element_id = "a:b";
  r.from = "ru-a";
  r.to = "kp-b kp-c";
  r.metric = "flow";
  r.unit = "t/yr";
  r.value = -1234.56;
  r.decimals = 1;
  CHECK(tidy_csv_line(r) == "\"s, with comma\",,ru-kp,forward,link,a:b,ru-a,kp-b kp-c,flow,t/yr,-1234.6\n");
  r.value = NAN;
  CHECK(tidy_csv_line(r) == "\"s, with comma\",,ru-kp,forward,link,a:b,ru-a,kp-b kp-c,flow,t/yr,\n");
  r.value = INFINITY;  // an unlimited capacity is no number in a numeric column
  CHECK(tidy_csv_line(r) == "\"s, with comma\",,ru-kp,forward,link,a:b,ru-a,kp-b kp-c,flow,t/yr,\n");
}
