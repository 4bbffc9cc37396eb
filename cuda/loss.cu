// Softmax cross-entropy with its gradient. Twin: backend/cpu/LossKernels.java.
#include "kernel.cuh"

// Threads per block of softmax_cross_entropy; the launch must use exactly this block size
// (LaunchShapes.softmaxCrossEntropy), since the shared arrays below are sized by it.
#define LOSS_THREADS 128

// For row r of logits l: [rows, classes] with label y = labels[r] (labels: [rows]):
//   loss_r     = log Σ_j exp(l_j − max) − (l_y − max)          → row_loss[r]     (row_loss: [rows])
//   correct_r  = 1 if argmax_j l_j = y (ties: lowest j) else 0 → row_correct[r]  (row_correct: [rows])
//   dlogits_rj = (softmax(l)_j − [j = y])·grad_scale           (dlogits: [rows, classes]; may be logits)
// Subtracting the row's max keeps exp from overflowing. exp, log and the sum are in double as in
// the twin, so the loss and gradient agree with the CPU's to double rounding. A label outside
// [0, classes) writes row_correct[r] = −1 and NaN loss and gradient; the host checks row_correct
// and throws, as the twin does. The host adds row_loss and row_correct (a deterministic sum).
//
// Launch: one block per row, grid = rows (a block beyond rows does nothing), block LOSS_THREADS (LaunchShapes.softmaxCrossEntropy).
// Rows are short (classes ≈ 10–1000) and independent, so a block strides over one row's classes
// and combines its threads' max and sum with fixed shared-memory trees (bit-reproducible).
extern "C" __global__ void softmax_cross_entropy(const float* logits, const int* labels, float* dlogits, int rows,
                                                 int classes, float grad_scale, double* row_loss,
                                                 int* row_correct) {
    __shared__ float best_value[LOSS_THREADS];
    __shared__ int best_index[LOSS_THREADS];
    __shared__ double sums[LOSS_THREADS];
    int r = (int)blockIdx.x;
    if (r >= rows) {
        return;  // the whole block: no thread of it reaches a barrier
    }
    int t = (int)threadIdx.x;
    long long offset = (long long)r * classes;
    const float* row = logits + offset;
    int label = labels[r];
    bool valid = label >= 0 && label < classes;
    // Read before any thread writes the row's gradient: dlogits may be logits.
    float label_logit = valid ? row[label] : 0.0f;
    // Arg-max: each thread scans j ≡ t (mod LOSS_THREADS) in ascending order with a strict >, then
    // the tree keeps the larger value, or the lower index on a tie: ties go to the lowest index.
    float best = -INFINITY;
    int index = classes;
    for (int j = t; j < classes; j += LOSS_THREADS) {
        if (index == classes || row[j] > best) {
            best = row[j];
            index = j;
        }
    }
    best_value[t] = best;
    best_index[t] = index;
    __syncthreads();
    for (int half = LOSS_THREADS / 2; half > 0; half /= 2) {
        if (t < half) {
            float v = best_value[t + half];
            int k = best_index[t + half];
            if (k < classes && (best_index[t] == classes || v > best_value[t]
                                || (v == best_value[t] && k < best_index[t]))) {
                best_value[t] = v;
                best_index[t] = k;
            }
        }
        __syncthreads();
    }
    double max = best_value[0];
    int arg_max = best_index[0];
    double mine = 0.0;
    for (int j = t; j < classes; j += LOSS_THREADS) {
        mine += exp(row[j] - max);
    }
    sums[t] = mine;
    __syncthreads();
    for (int half = LOSS_THREADS / 2; half > 0; half /= 2) {
        if (t < half) {
            sums[t] += sums[t + half];
        }
        __syncthreads();
    }
    double sum = sums[0];
    for (int j = t; j < classes; j += LOSS_THREADS) {
        double p = exp(row[j] - max) / sum;
        dlogits[offset + j] = valid ? (float)((j == label ? p - 1.0 : p) * grad_scale) : NAN;
    }
    if (t == 0) {
        row_loss[r] = valid ? log(sum) - (label_logit - max) : NAN;
        row_correct[r] = valid ? (arg_max == label ? 1 : 0) : -1;
    }
}

EMU_KERNEL(softmax_cross_entropy);
