import Foundation
import Testing

/// A kernel fixture written by a script in Tools/fixtures (see fixturelib.py for the format).
struct Fixture {
    struct Tensor {
        let shape: [Int]
        let data: [Float]
        var ints: [Int32] { data.map { Int32($0) } }
    }

    let params: [String: Double]
    let tensors: [String: Tensor]

    init(_ name: String) throws {
        guard let url = Bundle.module.url(forResource: name, withExtension: "json", subdirectory: "Fixtures")
        else { throw FixtureError.missing(name) }
        let object = try JSONSerialization.jsonObject(with: Data(contentsOf: url))
        guard let doc = object as? [String: Any],
              let params = doc["params"] as? [String: Any],
              let tensors = doc["tensors"] as? [String: [String: Any]]
        else { throw FixtureError.malformed(name) }
        self.params = params.compactMapValues { ($0 as? NSNumber)?.doubleValue }
        var parsed: [String: Tensor] = [:]
        for (key, value) in tensors {
            guard let shape = value["shape"] as? [Int], let data = value["data"] as? [NSNumber]
            else { throw FixtureError.malformed("\(name).\(key)") }
            parsed[key] = Tensor(shape: shape, data: data.map { $0.floatValue })
        }
        self.tensors = parsed
    }

    subscript(tensor name: String) -> Tensor {
        guard let t = tensors[name] else { preconditionFailure("fixture has no tensor \(name)") }
        return t
    }

    func int(_ name: String) -> Int32 {
        guard let v = params[name] else { preconditionFailure("fixture has no parameter \(name)") }
        return Int32(v)
    }

    func float(_ name: String) -> Float {
        guard let v = params[name] else { preconditionFailure("fixture has no parameter \(name)") }
        return Float(v)
    }
}

enum FixtureError: Error {
    case missing(String)
    case malformed(String)
}

/// Largest absolute difference between two arrays of equal length.
func maxAbsDiff(_ a: [Float], _ b: [Float]) -> Float {
    precondition(a.count == b.count, "length \(a.count) vs \(b.count)")
    var m: Float = 0
    for i in a.indices { m = max(m, abs(a[i] - b[i])) }
    return m
}

/// ‖a − b‖ / ‖b‖, the normalized error ggml's tests use.
func relativeError(_ a: [Float], _ b: [Float]) -> Float {
    precondition(a.count == b.count, "length \(a.count) vs \(b.count)")
    var num: Double = 0, den: Double = 0
    for i in a.indices {
        let d = Double(a[i]) - Double(b[i])
        num += d * d
        den += Double(b[i]) * Double(b[i])
    }
    return Float((num / max(den, 1e-30)).squareRoot())
}

/// A small deterministic generator for test inputs (SplitMix64), so tests need no fixtures for
/// random data and give the same numbers on every machine.
struct TestRNG {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    /// Uniform in [-scale, scale).
    mutating func float(_ scale: Float = 1) -> Float {
        (Float(next() >> 40) / Float(1 << 24) * 2 - 1) * scale
    }
    mutating func floats(_ n: Int, scale: Float = 1) -> [Float] {
        (0..<n).map { _ in float(scale) }
    }
}
