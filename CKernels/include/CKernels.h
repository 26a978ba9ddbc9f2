/* Umbrella header of the GLMTTS C kernels. Includes only <stddef.h> and <stdint.h> underneath. */
#ifndef CKERNELS_H
#define CKERNELS_H
#include "gt_core.h"
#include "gt_blas.h"
#include "gt_nn.h"
#include "gt_conv.h"
#include "gt_spectral.h"
#endif
