/**
 * @file smartservice/swap.h
 * @brief The SWAP stock: sizing by the 8% rule and by service level (rule R6).
 *
 * The SWAP stock is the customer's own pool of spare phones, kept at the Support Center. Its size
 * is about 8% of the customer's fleet, rounded up (400 phones give 32). Service-level sizing finds
 * the smallest pool that covers the demand during the turnaround of a faulty phone with a given
 * probability, from a Poisson model of that demand (doc/swap.md).
 *
 * The sizing functions are pure: they only use the context to report errors.
 */
#ifndef SMARTSERVICE_SWAP_H
#define SMARTSERVICE_SWAP_H

#include "context.h"

SSVC_BEGIN_DECLS

/** The default SWAP share of the fleet: 800 basis points (8%). */
#define SSVC_SWAP_DEFAULT_BASIS_POINTS 800u

/**
 * Spare phones by the percentage rule: ceil(fleet x basis_points / 10000), exact for every
 * 32-bit fleet (400 phones at 800 give 32, 1 gives 1, 0 gives 0).
 *
 * @param ctx           reports errors.
 * @param[out] out      the number of spare phones.
 * @param fleet         the number of phones the customer has in service.
 * @param basis_points  the share, 0..10000 (100%); SSVC_SWAP_DEFAULT_BASIS_POINTS is 8%.
 * @return SSVC_OK; SSVC_EINVAL for a NULL @p out; SSVC_ERANGE when @p basis_points > 10000.
 */
SSVC_API int ssvc_swap_size_rule(ssvc_ctx *ctx, uint32_t *out, uint32_t fleet,
                                 uint32_t basis_points);

/** Current version of struct ssvc_swap_demand. */
#define SSVC_SWAP_DEMAND_VERSION 1

/** The demand on a pool of spare phones (one phone model, or the whole stock). */
typedef struct ssvc_swap_demand {
  unsigned int version;        /**< SSVC_SWAP_DEMAND_VERSION. */
  uint32_t fleet;              /**< Phones in service that the pool covers. */
  /** Swaps per phone and year in basis points: 1500 means 15% of the phones each year. */
  uint32_t rate_basis_points;
  /** Days until a spare is back in the pool (repair or refill), 1..3650. */
  uint32_t turnaround_days;
  /** Target probability that the pool covers the demand, in basis points, 1..9999. */
  uint32_t fill_basis_points;
} ssvc_swap_demand;

/** Static initializer: version set, everything else zero. */
#define SSVC_SWAP_DEMAND_INIT {SSVC_SWAP_DEMAND_VERSION, 0u, 0u, 0u, 0u}

/**
 * Zeroes @p demand and sets its version. SSVC_EINVAL for NULL; SSVC_EVERSION for a version of 0
 * or newer than SSVC_SWAP_DEMAND_VERSION (the struct is then left untouched).
 */
SSVC_API int ssvc_swap_demand_init(ssvc_swap_demand *demand, unsigned int version);

/** The result of service-level sizing. */
typedef struct ssvc_swap_sizing {
  uint32_t spares;            /**< The smallest pool that meets the fill target. */
  double mean_demand;         /**< Expected swaps during one turnaround (the Poisson mean). */
  double fill;                /**< Probability that @c spares covers the demand, 0..1. */
  double expected_backorders; /**< Expected demand the pool cannot cover, E[max(D - spares, 0)]. */
} ssvc_swap_sizing;

/**
 * Service-level sizing: the smallest pool s with P(D <= s) >= fill, where the demand D during
 * one turnaround is Poisson with mean fleet x rate x turnaround_days / 365. Example: 400 phones,
 * 15% a year, 14 days give 5 spares at 95% and 6 at 99%.
 *
 * @param ctx       reports errors.
 * @param[out] out  the pool size and its figures; untouched on failure.
 * @param demand    the demand; read during the call only.
 * @return SSVC_OK; SSVC_EINVAL for NULL arguments; SSVC_EVERSION for an unsupported version;
 *         SSVC_ERANGE naming the field that is out of range (rate above 10000, turnaround outside
 *         1..3650, fill outside 1..9999, or a mean demand above 10 million).
 */
SSVC_API int ssvc_swap_size_service(ssvc_ctx *ctx, ssvc_swap_sizing *out,
                                    const ssvc_swap_demand *demand);

SSVC_END_DECLS

#endif /* SMARTSERVICE_SWAP_H */
