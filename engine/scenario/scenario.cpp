#include "scenario/scenario.hpp"

#include <algorithm>

namespace borderflow {

std::string to_string(Mode mode) {
  switch (mode) {
    case Mode::Rail: return "rail";
    case Mode::Road: return "road";
    case Mode::Sea: return "sea";
    case Mode::Pipeline: return "pipeline";
  }
  return "?";
}

std::string to_string(const Layer& layer) {
  if (layer.mode == Mode::Rail) return "rail:" + std::to_string(layer.gauge_mm);
  return to_string(layer.mode);
}

std::optional<Layer> parse_layer(const std::string& text) {
  if (text == "rail:1435") return Layer{Mode::Rail, 1435};
  if (text == "rail:1520") return Layer{Mode::Rail, 1520};
  if (text == "road") return Layer{Mode::Road, 0};
  if (text == "sea") return Layer{Mode::Sea, 0};
  if (text == "pipeline") return Layer{Mode::Pipeline, 0};
  return std::nullopt;
}

std::string to_string(Status status) {
  switch (status) {
    case Status::Open: return "open";
    case Status::Closed: return "closed";
    case Status::Planned: return "planned";
  }
  return "?";
}

namespace {
template <typename T>
int find_by_id(const std::vector<T>& items, const std::string& id) {
  auto it = std::find_if(items.begin(), items.end(), [&](const T& item) { return item.id == id; });
  return it == items.end() ? -1 : static_cast<int>(it - items.begin());
}
}  // namespace

int Scenario::find_place(const std::string& id) const { return find_by_id(places, id); }
int Scenario::find_link(const std::string& id) const { return find_by_id(links, id); }
int Scenario::find_transfer(const std::string& id) const { return find_by_id(transfers, id); }
int Scenario::find_crossing(const std::string& id) const { return find_by_id(crossings, id); }
int Scenario::find_commodity(const std::string& id) const { return find_by_id(commodities, id); }

}  // namespace borderflow
