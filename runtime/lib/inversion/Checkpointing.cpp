// Placeholder; filled in by the inversion work.
namespace strata::runtime {}
