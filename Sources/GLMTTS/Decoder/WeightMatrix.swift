import CKernels
import ModelStorage

/// Memory that weights live in: a mapped file, or a buffer the library owns (converted or random
/// weights). Either way it is immutable once the model is built.
final class WeightBuffer: @unchecked Sendable {
    // Sound: written only during model construction, read-only afterwards, freed in deinit.
    let pointer: UnsafeMutableRawPointer
    init(byteCount: Int) {
        pointer = UnsafeMutableRawPointer.allocate(byteCount: max(byteCount, 1), alignment: 64)
    }
    deinit { pointer.deallocate() }
}

/// A weight matrix [rows, columns] (PyTorch's [out_features, in_features]) in f32 or bf16,
/// read in place.
struct WeightMatrix: @unchecked Sendable {
    // Sound: `base` points into memory that `owner` keeps alive and nobody writes after loading.
    enum Precision: Sendable { case f32, bf16 }
    let precision: Precision
    let rows: Int
    let columns: Int
    let base: UnsafeRawPointer
    let owner: AnyObject & Sendable

    var byteCount: Int { rows * columns * (precision == .f32 ? 4 : 2) }

    /// out[n, rows] = x[n, columns] · Wᵀ + bias. `workspace` holds gt_linear_bf16_workspace_floats.
    func apply(_ out: UnsafeMutablePointer<Float>, _ x: UnsafePointer<Float>, tokens: Int,
               bias: UnsafePointer<Float>?, workspace: UnsafeMutablePointer<Float>) {
        let status: Int32
        switch precision {
        case .f32:
            status = gt_linear_f32(out, x, base.assumingMemoryBound(to: Float.self), bias,
                                   Int32(tokens), Int32(columns), Int32(rows))
        case .bf16:
            status = gt_linear_bf16(out, x, base.assumingMemoryBound(to: UInt16.self), bias,
                                    Int32(tokens), Int32(columns), Int32(rows), workspace)
        }
        precondition(status == GT_OK, "linear layer \(rows)×\(columns): \(String(cString: gt_status_string(status)))")
    }

    /// Row `index` as f32 (an embedding lookup).
    func copyRow(_ index: Int, to out: UnsafeMutablePointer<Float>) {
        switch precision {
        case .f32:
            out.update(from: base.assumingMemoryBound(to: Float.self) + index * columns, count: columns)
        case .bf16:
            _ = gt_bf16_to_f32(out, base.assumingMemoryBound(to: UInt16.self) + index * columns, columns)
        }
    }
}

/// A vector of f32 values (norm weights, biases), owned or mapped.
struct WeightVector: @unchecked Sendable {
    // Sound for the same reason as WeightMatrix.
    let base: UnsafePointer<Float>
    let count: Int
    let owner: AnyObject & Sendable
}
