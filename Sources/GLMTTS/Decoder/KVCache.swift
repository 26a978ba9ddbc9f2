import CKernels

/// The keys and values of every layer for the positions seen so far, preallocated as
/// `[layer][capacity][kv_heads · head_dim]` (llama2.c's layout) and appended by the C kernel.
/// A cache belongs to one session; it is never shared between requests.
public final class KVCache {
    public let layerCount: Int
    public let capacity: Int
    public let kvDim: Int
    /// Positions held (the same in every layer).
    public private(set) var count: Int = 0
    let keys: UnsafeMutablePointer<Float>
    let values: UnsafeMutablePointer<Float>

    public init(layers: Int, capacity: Int, kvDim: Int) {
        precondition(layers > 0 && capacity > 0 && kvDim > 0, "KV cache dimensions must be positive")
        layerCount = layers
        self.capacity = capacity
        self.kvDim = kvDim
        let n = layers * capacity * kvDim
        keys = .allocate(capacity: n)
        values = .allocate(capacity: n)
        keys.initialize(repeating: 0, count: n)
        values.initialize(repeating: 0, count: n)
    }

    deinit {
        keys.deallocate()
        values.deallocate()
    }

    /// Bytes of key and value storage held.
    public var byteCount: Int { 2 * layerCount * capacity * kvDim * MemoryLayout<Float>.size }

    /// Forgets every position; the memory stays allocated for the next request.
    public func reset() { count = 0 }

    /// Keeps the first `n` positions (for example, a voice prefix) and forgets the rest.
    public func trim(to n: Int) {
        precondition(n >= 0 && n <= count, "trim(to: \(n)) outside 0…\(count)")
        count = n
    }

    func layerKeys(_ layer: Int) -> UnsafeMutablePointer<Float> { keys + layer * capacity * kvDim }
    func layerValues(_ layer: Int) -> UnsafeMutablePointer<Float> { values + layer * capacity * kvDim }

    /// Appends `n` rows to one layer at positions count…count+n−1 (count itself advances in `commit`).
    func append(layer: Int, keys k: UnsafePointer<Float>, values v: UnsafePointer<Float>, rows n: Int) throws {
        var c = Int32(count)
        let status = gt_kv_append_f32(layerKeys(layer), layerValues(layer), &c, Int32(capacity), k, v, Int32(n), Int32(kvDim))
        if status == GT_ERR_CAPACITY { throw TTSError.kvCacheFull(capacity: capacity) }
        try Kernels.check(status, "gt_kv_append_f32")
    }

    func commit(_ n: Int) {
        precondition(count + n <= capacity)
        count += n
    }

    /// A copy of the positions held now, to seed other sessions' caches (a voice prefix computed once).
    public func snapshot() -> KVPrefix {
        var k = [Float](), v = [Float]()
        k.reserveCapacity(layerCount * count * kvDim)
        v.reserveCapacity(layerCount * count * kvDim)
        for l in 0..<layerCount {
            k.append(contentsOf: UnsafeBufferPointer(start: layerKeys(l), count: count * kvDim))
            v.append(contentsOf: UnsafeBufferPointer(start: layerValues(l), count: count * kvDim))
        }
        return KVPrefix(layerCount: layerCount, kvDim: kvDim, count: count, keys: k, values: v)
    }

    /// Replaces the contents with a snapshot from a cache of the same model.
    public func load(_ prefix: KVPrefix) throws {
        guard prefix.layerCount == layerCount, prefix.kvDim == kvDim else {
            throw TTSError.invalidArgument(name: "KV prefix",
                reason: "made for \(prefix.layerCount) layers × \(prefix.kvDim), this cache is \(layerCount) × \(kvDim)")
        }
        guard prefix.count <= capacity else { throw TTSError.kvCacheFull(capacity: capacity) }
        let rows = prefix.count * kvDim
        for l in 0..<layerCount where rows > 0 {
            prefix.keys.withUnsafeBufferPointer { layerKeys(l).update(from: $0.baseAddress! + l * rows, count: rows) }
            prefix.values.withUnsafeBufferPointer { layerValues(l).update(from: $0.baseAddress! + l * rows, count: rows) }
        }
        count = prefix.count
    }
}

/// Keys and values of a sequence's first positions, copied out of a cache: immutable and shareable.
public struct KVPrefix: Sendable, Equatable {
    public let layerCount: Int
    public let kvDim: Int
    public let count: Int
    let keys: [Float]
    let values: [Float]
    public var byteCount: Int { (keys.count + values.count) * MemoryLayout<Float>.size }
}
