import Foundation

/// The duration layout's schedule of one segment (Tools/model/bundled.py's `durations_from_log` and
/// `step_plan`): how many tokens each symbol is spoken for, and per decoder step which symbol is
/// spoken, the next spoken one, and how far into its symbol the step is.
struct DurationPlan: Sendable, Equatable {
    /// Tokens per symbol.
    let durations: [Int]
    /// Per step: the index of the symbol spoken (symbols of duration 0 are skipped), the next spoken
    /// symbol's index (nil after the last), the steps left in the symbol counting this one, and the
    /// steps already spent in it.
    let current: [Int]
    let next: [Int?]
    let left: [Int]
    let done: [Int]

    var steps: Int { current.count }

    /// `max(0, round(exp(y) − 1))` with ties to even (as torch.round), at least 1 where `silent` is false.
    static func durations(logDurations: [Float], silent: [Bool]) -> [Int] {
        zip(logDurations, silent).map { y, isSilent in
            let d = max(0, Int((Foundation.exp(y) - 1).rounded(.toNearestOrEven)))
            return isSilent ? d : max(1, d)
        }
    }

    /// Shortens `durations` to add up to at most `limit` tokens: the symbol that crosses the limit is
    /// cut, the ones after it get 0. Returns whether anything was cut.
    static func truncate(_ durations: inout [Int], to limit: Int) -> Bool {
        var remaining = limit
        var cut = false
        for i in durations.indices {
            if durations[i] > remaining {
                durations[i] = remaining
                cut = true
            }
            remaining -= durations[i]
        }
        return cut
    }

    init(durations: [Int]) {
        self.durations = durations
        let spoken = durations.indices.filter { durations[$0] > 0 }
        var current: [Int] = [], next: [Int?] = [], left: [Int] = [], done: [Int] = []
        for (k, i) in spoken.enumerated() {
            let n = k + 1 < spoken.count ? spoken[k + 1] : nil
            for j in 0..<durations[i] {
                current.append(i)
                next.append(n)
                left.append(durations[i] - j)
                done.append(j)
            }
        }
        (self.current, self.next, self.left, self.done) = (current, next, left, done)
    }

    /// Features `[steps, 2·E + 3]` row-major: the current and next symbols' encodings (zeros when
    /// there is no next), then `log s_left, log(1 + s_done), 1 / s_left`.
    func features(encodings: [Float], encoding e: Int) -> [Float] {
        let width = 2 * e + 3
        var out = [Float](repeating: 0, count: steps * width)
        for t in 0..<steps {
            let row = t * width
            for k in 0..<e { out[row + k] = encodings[current[t] * e + k] }
            if let n = next[t] {
                for k in 0..<e { out[row + e + k] = encodings[n * e + k] }
            }
            let sLeft = Float(left[t])
            out[row + 2 * e] = Foundation.log(sLeft)
            out[row + 2 * e + 1] = Foundation.log1p(Float(done[t]))
            out[row + 2 * e + 2] = 1 / sLeft
        }
        return out
    }
}
