#include "loadgen/post_text.h"

#include <array>
#include <string_view>

namespace tracker::loadgen {
namespace {

constexpr std::array<std::string_view, 64> kWords = {
    "the",     "a",        "today",    "finally", "my",         "new",     "best",    "quick",
    "morning", "coffee",   "city",     "trip",    "weekend",    "recipe",  "music",   "photo",
    "sunset",  "mountain", "river",    "friends", "family",     "project", "release", "update",
    "garden",  "book",     "reading",  "running", "training",   "game",    "night",   "market",
    "street",  "food",     "pasta",    "bread",   "learning",   "code",    "build",   "design",
    "simple",  "great",    "little",   "big",     "quiet",      "bright",  "cold",    "warm",
    "with",    "and",      "after",    "before",  "under",      "over",    "near",    "every",
    "café",    "naïve",    "jalapeño", "über",    "\"really\"", "🚀",       "10km",    "2024"};

constexpr std::array<std::string_view, 20> kTags = {
    "travel", "food",    "music",  "tech",    "sports", "books",  "art",
    "photo",  "coffee",  "nature", "fitness", "gaming", "movies", "diy",
    "garden", "cooking", "news",   "family",  "pets",   "fashion"};

void appendWords(Random& random, std::size_t count, std::string& out) {
  for (std::size_t i = 0; i < count; ++i) {
    if (i > 0) out += ' ';
    out += kWords[random.below(kWords.size())];
  }
}

void appendSentence(Random& random, std::string& out) {
  const std::size_t begin = out.size();
  appendWords(random, random.between(4, 12), out);
  if (out[begin] >= 'a' && out[begin] <= 'z')
    out[begin] = static_cast<char>(out[begin] - 'a' + 'A');
  out += random.chance(0.2) ? '!' : '.';
}

}  // namespace

std::string makeTitle(Random& random) {
  std::string title;
  appendWords(random, random.between(3, 7), title);
  if (title[0] >= 'a' && title[0] <= 'z') title[0] = static_cast<char>(title[0] - 'a' + 'A');
  return title;
}

std::string makeContent(Random& random) {
  std::string content;
  const std::size_t paragraphs = random.between(1, 3);
  for (std::size_t p = 0; p < paragraphs; ++p) {
    if (p > 0) content += "\n\n";
    const std::size_t sentences = random.between(1, 4);
    for (std::size_t s = 0; s < sentences; ++s) {
      if (s > 0) content += ' ';
      appendSentence(random, content);
    }
  }
  return content;
}

std::string makeTags(Random& random) {
  const std::size_t count = random.between(1, 4);
  std::array<bool, kTags.size()> used{};
  std::string tags;
  for (std::size_t i = 0; i < count; ++i) {
    std::size_t pick = random.below(kTags.size());
    while (used[pick]) pick = (pick + 1) % kTags.size();
    used[pick] = true;
    if (!tags.empty()) tags += ',';
    tags += kTags[pick];
  }
  return tags;
}

std::string makeQuery(Random& random) {
  std::string query;
  appendWords(random, random.between(1, 3), query);
  return query;
}

std::string makeComment(Random& random) {
  std::string comment;
  appendSentence(random, comment);
  if (random.chance(0.4)) {
    comment += ' ';
    appendSentence(random, comment);
  }
  return comment;
}

}  // namespace tracker::loadgen
