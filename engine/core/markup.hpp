#pragma once
// Escaping text for markup. The SVG print map (report/) and the HTML report page (site/) both
// put scenario text (names, notes, titles) into elements and quoted attributes; one function
// escapes it for both, so a fix to one cannot miss the other.
#include <string>
#include <string_view>

namespace borderflow {

/// Text for an XML or HTML element or a quoted attribute: & < > " ' as entities (&#39; for the
/// apostrophe, which both XML and HTML read).
std::string escape_markup(std::string_view text);

}  // namespace borderflow
