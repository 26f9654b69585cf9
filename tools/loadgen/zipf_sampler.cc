#include "loadgen/zipf_sampler.h"

#include <cmath>
#include <vector>

namespace tracker::loadgen {
namespace {

std::vector<double> zipfWeights(std::size_t n, double exponent) {
  std::vector<double> weights(n);
  for (std::size_t k = 0; k < n; ++k) {
    weights[k] = std::pow(static_cast<double>(k + 1), -exponent);
  }
  return weights;
}

}  // namespace

ZipfSampler::ZipfSampler(std::size_t n, double exponent) : sampler_(zipfWeights(n, exponent)) {}

}  // namespace tracker::loadgen
