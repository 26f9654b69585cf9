#pragma once

// Text for the free-form fields (post titles and content, tags, search queries, comments), drawn
// from a small fixed word list. The list holds a few non-ASCII words, a quote character and
// paragraph breaks on purpose, so that the ingest path's escaping and UTF-8 handling are exercised.

#include "loadgen/random.h"

#include <string>

namespace tracker::loadgen {

/// A title of 3 to 7 words, first letter capitalised.
std::string makeTitle(Random& random);

/// Post content: 1 to 3 paragraphs of 1 to 4 sentences, paragraphs separated by "\n\n".
std::string makeContent(Random& random);

/// 1 to 4 distinct tags joined by commas ("travel,food").
std::string makeTags(Random& random);

/// A search query of 1 to 3 words.
std::string makeQuery(Random& random);

/// A comment of one or two sentences.
std::string makeComment(Random& random);

}  // namespace tracker::loadgen
