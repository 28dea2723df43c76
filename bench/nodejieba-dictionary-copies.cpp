// What nodejieba's load() builds, measured on cppjieba's own classes: the
// segmenter (cppjieba::Jieba) and the TextRank keyword extractor it also
// builds on every load, each with a dictionary trie of its own. Prints the
// resident memory and time of each, with fazhi's user dictionary and keyword stand-ins.
//
//   g++ -O2 -std=c++14 -DLOGGING_LEVEL=LL_WARNING \
//     -I node_modules/nodejieba/submodules/cppjieba/include \
//     -I node_modules/nodejieba/submodules/cppjieba/deps/limonp/include \
//     bench/nodejieba-dictionary-copies.cpp -o /tmp/nodejieba-dictionary-copies
//   /tmp/nodejieba-dictionary-copies    (from the checkout's folder)
#include "cppjieba/Jieba.hpp"
#include "cppjieba/TextRankExtractor.hpp"
#include <chrono>
#include <fstream>
#include <iostream>
#include <string>

static long residentKb() {
  std::ifstream status("/proc/self/status");
  for (std::string line; std::getline(status, line);) {
    if (line.rfind("VmRSS:", 0) == 0) return std::stol(line.substr(6));
  }
  return 0;
}

int main() {
  const std::string dict = "node_modules/nodejieba/submodules/cppjieba/dict/";
  const std::string user = "dictionaries/userdict.txt";
  const std::string idf = "dictionaries/jieba/keyword-idf.utf8";
  const std::string stop = "dictionaries/jieba/keyword-stopwords.utf8";
  const long before = residentKb();
  const auto t0 = std::chrono::steady_clock::now();
  cppjieba::Jieba segmenter(dict + "jieba.dict.utf8", dict + "hmm_model.utf8", user, idf, stop);
  const long afterSegmenter = residentKb();
  const auto t1 = std::chrono::steady_clock::now();
  // As nodejieba.cpp's load() builds it, after the segmenter.
  cppjieba::TextRankExtractor extractor(dict + "jieba.dict.utf8", dict + "hmm_model.utf8", stop, user);
  const long afterExtractor = residentKb();
  const auto t2 = std::chrono::steady_clock::now();
  std::cout << "segmenter: " << (afterSegmenter - before) / 1024 << " MiB, "
            << std::chrono::duration<double>(t1 - t0).count() << " s\n"
            << "TextRank extractor: " << (afterExtractor - afterSegmenter) / 1024 << " MiB, "
            << std::chrono::duration<double>(t2 - t1).count() << " s\n";
  return 0;
}
