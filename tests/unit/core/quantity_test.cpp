// engine/core/quantity: "NUMBER UNIT" normalised to the internal unit of each dimension.
#include <catch2/catch.hpp>

#include "core/quantity.hpp"

using namespace borderflow;
using Catch::Matchers::Contains;

namespace {

double value_of(const std::string& text, Dimension dimension, const UnitContext& context = {}) {
  const QuantityParse parsed = parse_quantity(text, dimension, context);
  INFO(text << ": " << parsed.error);
  REQUIRE(parsed.value.has_value());
  CHECK(parsed.error.empty());
  return *parsed.value;
}

std::string error_of(const std::string& text, Dimension dimension, const UnitContext& context = {}) {
  const QuantityParse parsed = parse_quantity(text, dimension, context);
  INFO(text);
  REQUIRE_FALSE(parsed.value.has_value());
  CHECK_FALSE(parsed.error.empty());
  return parsed.error;
}

}  // namespace

TEST_CASE("flow rates normalise to t/yr with a 365-day year", "[quantity]") {
  CHECK(value_of("1 t/yr", Dimension::FlowRate) == Approx(1));
  CHECK(value_of("5 kt/yr", Dimension::FlowRate) == Approx(5e3));
  CHECK(value_of("1.1 Mt/yr", Dimension::FlowRate) == Approx(1.1e6));
  CHECK(value_of("1 t/day", Dimension::FlowRate) == Approx(365));
  CHECK(value_of("2 kt/day", Dimension::FlowRate) == Approx(730e3));
  CHECK(value_of("100 t/month", Dimension::FlowRate) == Approx(1200));  // a month is 365/12 days
  CHECK(value_of("0 t/yr", Dimension::FlowRate) == 0);
  CHECK(value_of("1e6 t/yr", Dimension::FlowRate) == Approx(1e6));
  CHECK(kDaysPerYear == 365.0);
}

TEST_CASE("barrels convert through the commodity's bbl_per_t", "[quantity]") {
  const UnitContext crude{7.33, std::nullopt, "crude", {}, false};
  CHECK(value_of("7.33 bbl/yr", Dimension::FlowRate, crude) == Approx(1));
  CHECK(value_of("7330 bbl/day", Dimension::FlowRate, crude) == Approx(1000 * 365));
  CHECK(value_of("7.33 kbbl/yr", Dimension::FlowRate, crude) == Approx(1000));
  CHECK(value_of("0.5 Mbbl/yr", Dimension::FlowRate, crude) == Approx(0.5e6 / 7.33));
  // USD per barrel times barrels per tonne is USD per tonne.
  CHECK(value_of("10 USD/bbl", Dimension::CostPerTonne, crude) == Approx(73.3));
}

TEST_CASE("TEU convert through the commodity's t_per_teu", "[quantity]") {
  const UnitContext boxes{std::nullopt, 14.0, "containers", {}, false};
  CHECK(value_of("1000 TEU/yr", Dimension::FlowRate, boxes) == Approx(14000));
  CHECK(value_of("10 TEU/day", Dimension::FlowRate, boxes) == Approx(10 * 14 * 365));
}

TEST_CASE("commodity units need the commodity fact", "[quantity]") {
  CHECK_THAT(error_of("1000 bbl/day", Dimension::FlowRate), Contains("bbl/day") && Contains("bbl_per_t"));
  CHECK_THAT(error_of("1000 bbl/day", Dimension::FlowRate, UnitContext{std::nullopt, 14.0, "containers", {}, false}),
             Contains("'containers' has none"));
  CHECK_THAT(error_of("5 USD/bbl", Dimension::CostPerTonne, UnitContext{std::nullopt, std::nullopt, "grain", {}, false}),
             Contains("'grain' has none"));
  CHECK_THAT(error_of("10 TEU/yr", Dimension::FlowRate), Contains("t_per_teu"));
  CHECK_THAT(error_of("10 TEU/yr", Dimension::FlowRate, UnitContext{7.33, std::nullopt, "crude", {}, false}),
             Contains("'crude' has none"));
}

TEST_CASE("other dimensions", "[quantity]") {
  CHECK(value_of("5 km", Dimension::Length) == Approx(5));
  CHECK(value_of("500 m", Dimension::Length) == Approx(0.5));
  CHECK(value_of("6 h", Dimension::Duration) == Approx(6));
  CHECK(value_of("90 min", Dimension::Duration) == Approx(1.5));
  CHECK(value_of("2 day", Dimension::Duration) == Approx(48));
  CHECK(value_of("30 km/h", Dimension::Speed) == Approx(30));
  CHECK(value_of("4 USD/t", Dimension::CostPerTonne) == Approx(4));
  CHECK(value_of("0.02 USD/t-km", Dimension::CostPerTonneKm) == Approx(0.02));
  CHECK(value_of("-2 USD/t", Dimension::CostPerTonne) == Approx(-2));  // sign checks are the loader's
  CHECK(value_of("5  km", Dimension::Length) == Approx(5));             // extra spaces before the unit
}

TEST_CASE("quantity errors say what is wrong", "[quantity]") {
  CHECK_THAT(error_of("5", Dimension::Length), Contains("missing unit") && Contains("km, m"));
  CHECK_THAT(error_of("5 Mt", Dimension::FlowRate), Contains("unknown unit 'Mt'") && Contains("Mt/yr"));
  CHECK_THAT(error_of("5 Mt/yr", Dimension::Length), Contains("unknown unit 'Mt/yr'") && Contains("km, m"));
  CHECK_THAT(error_of("5 mt/yr", Dimension::FlowRate), Contains("unknown unit"));  // units are case-sensitive
  CHECK_THAT(error_of("five km", Dimension::Length), Contains("not a plain decimal"));
  CHECK_THAT(error_of("abc", Dimension::Length), Contains("expected a number and a unit"));
  CHECK_THAT(error_of("", Dimension::Length), Contains("expected a number and a unit"));
  for (const char* bad : {"0x1F Mt/yr", "010 Mt/yr", "1_000 t/yr", ".inf Mt/yr", ".nan Mt/yr", "-.inf t/yr",
                          "0x1F", ".inf", ".nan", "1_000"}) {
    CAPTURE(bad);
    CHECK_THAT(error_of(bad, Dimension::FlowRate), Contains("is not a plain decimal number"));
  }
}

TEST_CASE("accepted_units lists every unit of a dimension", "[quantity]") {
  CHECK(accepted_units(Dimension::Length) == "km, m");
  CHECK(accepted_units(Dimension::Duration) == "h, min, day, week");
  CHECK(accepted_units(Dimension::Speed) == "km/h");
  CHECK(accepted_units(Dimension::CostPerTonne) == "USD/t, USD/bbl");
  CHECK(accepted_units(Dimension::CostPerTonneKm) == "USD/t-km");
  CHECK(accepted_units(Dimension::FlowRate) ==
        "t/yr, kt/yr, Mt/yr, t/day, kt/day, t/month, bbl/day, bbl/yr, kbbl/yr, Mbbl/yr, TEU/yr, TEU/day");
}

TEST_CASE("masses normalise to tonnes, counts are plain numbers", "[quantity]") {
  CHECK(value_of("2400 t", Dimension::Mass) == 2400);
  CHECK(value_of("3 kt", Dimension::Mass) == 3000);
  CHECK_THAT(error_of("3 Mg", Dimension::Mass), Contains("unknown unit 'Mg'; did you mean 'Mt'?"));
  CHECK(value_of("4", Dimension::Count) == 4);
  CHECK(value_of("2.5", Dimension::Count) == 2.5);  // a fleet shared with other trades
  CHECK_THAT(error_of("4 ships", Dimension::Count), Contains("a count is a plain number without unit"));
  CHECK_THAT(error_of("four", Dimension::Count), Contains("is not a plain decimal number"));
  CHECK_THAT(error_of("0x4", Dimension::Count), Contains("is not a plain decimal number"));
  CHECK(internal_unit(Dimension::Mass) == "t");
  CHECK(internal_unit(Dimension::Count).empty());
  CHECK(accepted_units(Dimension::Mass) == "t, kt, Mt");
  CHECK(accepted_units(Dimension::Count) == "a plain number, no unit");
}

TEST_CASE("flow rates in vehicles: N <vehicle>[s]/day|month|yr times the payload", "[quantity]") {
  UnitContext context;
  context.vehicles = {{"train", 2400}, {"voyage", 3000}};
  CHECK(value_of("12 trains/day", Dimension::FlowRate, context) == Approx(12 * 2400 * 365));  // 10,512,000 t/yr
  CHECK(value_of("1 train/day", Dimension::FlowRate, context) == Approx(2400 * 365));
  CHECK(value_of("4 voyages/month", Dimension::FlowRate, context) == Approx(4 * 3000 * 12));  // 144,000 t/yr
  CHECK(value_of("50 voyage/yr", Dimension::FlowRate, context) == Approx(50 * 3000));
  const QuantityParse parsed = parse_quantity("4 voyages/month", Dimension::FlowRate, context);
  CHECK(parsed.vehicle == 1);
  CHECK_FALSE(parsed.barrels);
  CHECK(parse_quantity("4 Mt/yr", Dimension::FlowRate, context).vehicle == -1);
  // Only flow rates read vehicles, and only the vehicles given.
  CHECK_THAT(error_of("12 trains/day", Dimension::FlowRate), Contains("unknown unit 'trains/day'"));
  CHECK_THAT(error_of("12 trains/day", Dimension::Mass, context), Contains("unknown unit"));
  CHECK(error_of("12 trian/day", Dimension::FlowRate, context) == "unknown unit 'trian/day'; did you mean 'train/day'?");
  CHECK(error_of("12 trains/week", Dimension::FlowRate, context) ==
        "unknown unit 'trains/week'; accepted: t/yr, kt/yr, Mt/yr, t/day, kt/day, t/month, bbl/day, bbl/yr, kbbl/yr, "
        "Mbbl/yr, TEU/yr, TEU/day; or in vehicles: train[s]/day|month|yr, voyage[s]/day|month|yr");
  // The table's units come first: a unit never reads as a vehicle.
  CHECK(is_builtin_unit_word("t"));
  CHECK(is_builtin_unit_word("Mbbl"));
  CHECK(is_builtin_unit_word("TEU"));
  CHECK_FALSE(is_builtin_unit_word("train"));
}

TEST_CASE("a rate counted in barrels keeps barrels and refuses other units", "[quantity]") {
  UnitContext barrels;
  barrels.in_barrels = true;
  const QuantityParse parsed = parse_quantity("500000 bbl/yr", Dimension::FlowRate, barrels);
  REQUIRE(parsed.value);
  CHECK(*parsed.value == 500000);  // no bbl_per_t needed: the value stays in bbl/yr
  CHECK(parsed.barrels);
  CHECK(value_of("1 kbbl/yr", Dimension::FlowRate, barrels) == 1000);
  CHECK(value_of("100 bbl/day", Dimension::FlowRate, barrels) == 36500);
  CHECK_THAT(error_of("1 Mt/yr", Dimension::FlowRate, barrels), Contains("barrel units only here") && Contains("'Mt/yr'"));
  // Outside in_barrels, a barrel unit still converts to tonnes through bbl_per_t.
  CHECK(parse_quantity("7.5 bbl/yr", Dimension::FlowRate, UnitContext{7.5, std::nullopt, "refined", {}, false}).barrels);
}
