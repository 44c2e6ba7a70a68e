#include "input/yaml_tree.hpp"

namespace borderflow {

YamlNode YamlNode::scalar(std::string text, YamlMark mark) {
  auto document = std::make_shared<Document>();
  document->nodes.push_back(Data{Kind::Scalar, mark, std::move(text), {}});
  return {std::move(document), 0};
}

YamlNode YamlNode::sequence(const std::vector<std::string>& items, YamlMark mark) {
  auto document = std::make_shared<Document>();
  document->nodes.push_back(Data{Kind::Sequence, mark, {}, {}});
  for (const auto& item : items) {
    document->nodes[0].children.push_back(document->nodes.size());
    document->nodes.push_back(Data{Kind::Scalar, mark, item, {}});
  }
  return {std::move(document), 0};
}

const std::string& YamlNode::Scalar() const {
  static const std::string empty;
  return IsScalar() ? data_->scalar : empty;
}

std::size_t YamlNode::size() const {
  if (IsSequence()) return data_->children.size();
  if (IsMap()) return data_->children.size() / 2;
  return 0;
}

YamlNode YamlNode::operator[](std::size_t i) const {
  if (!IsSequence() || i >= data_->children.size()) return {};
  return child(data_->children[i]);
}

YamlNode YamlNode::operator[](const std::string& key) const {
  if (!IsMap()) return {};
  const auto& children = data_->children;
  for (std::size_t i = 0; i + 1 < children.size(); i += 2) {
    const Data& k = document_->nodes[children[i]];
    if (k.kind == Kind::Scalar && k.scalar == key) return child(children[i + 1]);
  }
  return {};
}

std::vector<YamlNode> YamlNode::items() const {
  std::vector<YamlNode> out;
  if (!IsSequence()) return out;
  out.reserve(data_->children.size());
  for (std::size_t index : data_->children) out.push_back(child(index));
  return out;
}

std::vector<std::pair<YamlNode, YamlNode>> YamlNode::entries() const {
  std::vector<std::pair<YamlNode, YamlNode>> out;
  if (!IsMap()) return out;
  const auto& children = data_->children;
  out.reserve(children.size() / 2);
  for (std::size_t i = 0; i + 1 < children.size(); i += 2) out.emplace_back(child(children[i]), child(children[i + 1]));
  return out;
}

}  // namespace borderflow
