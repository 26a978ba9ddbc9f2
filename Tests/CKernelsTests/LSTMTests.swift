import CKernels
import Foundation
import Testing

// gt_lstm_step_f32 against a scalar Double reference and against torch.nn.LSTM fixtures.
// Tolerance: relative error below 1e-5 per step (and max abs diff below 1e-5 on the fixtures,
// whose values are O(0.1–1)).

private let ok = Int32(GT_OK)
private let invalid = Int32(GT_ERR_INVALID_ARGUMENT)

private func withOptional<R>(_ a: [Float]?, _ body: (UnsafePointer<Float>?) -> R) -> R {
    guard let a else { return body(nil) }
    return a.withUnsafeBufferPointer { body($0.baseAddress) }
}

/// One LSTM step in Double, straight from the torch.nn.LSTM documentation.
private func naiveLSTMStep(h: inout [Float], c: inout [Float], x: [Float], wIH: [Float], wHH: [Float],
                           bIH: [Float]?, bHH: [Float]?, inputSize: Int, hidden: Int) {
    func sigmoid(_ v: Double) -> Double { 1 / (1 + exp(-v)) }
    var gates = [Double](repeating: 0, count: 4 * hidden)
    for r in 0..<(4 * hidden) {
        var acc = Double(bIH?[r] ?? 0) + Double(bHH?[r] ?? 0)
        for k in 0..<inputSize { acc += Double(wIH[r * inputSize + k]) * Double(x[k]) }
        for k in 0..<hidden { acc += Double(wHH[r * hidden + k]) * Double(h[k]) }
        gates[r] = acc
    }
    for k in 0..<hidden {
        let i = sigmoid(gates[k]), f = sigmoid(gates[hidden + k])
        let g = tanh(gates[2 * hidden + k]), o = sigmoid(gates[3 * hidden + k])
        let cn = f * Double(c[k]) + i * g
        c[k] = Float(cn)
        h[k] = Float(o * tanh(cn))
    }
}

private func step(h: inout [Float], c: inout [Float], x: [Float], wIH: [Float], wHH: [Float],
                  bIH: [Float]?, bHH: [Float]?, inputSize: Int, hidden: Int) -> Int32 {
    var ws = [Float](repeating: .nan, count: 4 * hidden)
    return withOptional(bIH) { bi in
        withOptional(bHH) { bh in
            Int32(gt_lstm_step_f32(&h, &c, x, wIH, wHH, bi, bh, Int32(inputSize), Int32(hidden), &ws))
        }
    }
}

@Test func lstmStepMatchesNaiveReference() {
    var rng = TestRNG(seed: 0x157)
    // (input, hidden, which biases)
    let cases: [(Int, Int, Bool, Bool)] = [(40, 16, true, true), (7, 5, false, false), (3, 33, true, false),
                                           (1, 1, false, true), (80, 256, true, true)]
    for (inputSize, hidden, hasBIH, hasBHH) in cases {
        let scale = 1 / Float(hidden).squareRoot()
        let wIH = rng.floats(4 * hidden * inputSize, scale: scale)
        let wHH = rng.floats(4 * hidden * hidden, scale: scale)
        let bIH = hasBIH ? rng.floats(4 * hidden, scale: scale) : nil
        let bHH = hasBHH ? rng.floats(4 * hidden, scale: scale) : nil
        var h = rng.floats(hidden, scale: 0.5), c = rng.floats(hidden, scale: 2)
        var hRef = h, cRef = c
        for _ in 0..<4 {
            let x = rng.floats(inputSize)
            let st = step(h: &h, c: &c, x: x, wIH: wIH, wHH: wHH, bIH: bIH, bHH: bHH,
                          inputSize: inputSize, hidden: hidden)
            #expect(st == ok)
            naiveLSTMStep(h: &hRef, c: &cRef, x: x, wIH: wIH, wHH: wHH, bIH: bIH, bHH: bHH,
                          inputSize: inputSize, hidden: hidden)
            #expect(relativeError(h, hRef) < 1e-5, "input \(inputSize) hidden \(hidden)")
            #expect(relativeError(c, cRef) < 1e-5, "input \(inputSize) hidden \(hidden)")
            hRef = h; cRef = c  // compare single steps, not accumulated drift
        }
    }
}

@Test(arguments: ["lstm_in40_h16", "lstm_nobias_in7_h5"])
func lstmMatchesPyTorch(_ name: String) throws {
    let f = try Fixture(name)
    let inputSize = Int(f.int("input_size")), hidden = Int(f.int("hidden_size")), steps = Int(f.int("steps"))
    let x = f[tensor: "x"].data, hAll = f[tensor: "h"].data
    var h = f[tensor: "h0"].data, c = f[tensor: "c0"].data
    for t in 0..<steps {
        let st = step(h: &h, c: &c, x: Array(x[(t * inputSize)..<((t + 1) * inputSize)]),
                      wIH: f[tensor: "w_ih"].data, wHH: f[tensor: "w_hh"].data,
                      bIH: f.tensors["b_ih"]?.data, bHH: f.tensors["b_hh"]?.data,
                      inputSize: inputSize, hidden: hidden)
        #expect(st == ok)
        let ref = Array(hAll[(t * hidden)..<((t + 1) * hidden)])
        #expect(relativeError(h, ref) < 1e-5, "step \(t)")
        #expect(maxAbsDiff(h, ref) < 1e-5, "step \(t)")
    }
    #expect(relativeError(c, f[tensor: "c_final"].data) < 1e-5)
}

@Test func lstmRejectsInvalidArguments() {
    var h = [Float](repeating: 0.25, count: 4), c = [Float](repeating: 0.5, count: 4)
    var ws = [Float](repeating: 0, count: 16)
    let x = [Float](repeating: 1, count: 3), wIH = [Float](repeating: 0.1, count: 48)
    let wHH = [Float](repeating: 0.1, count: 64)
    #expect(Int32(gt_lstm_step_f32(&h, &c, x, wIH, wHH, nil, nil, 0, 4, &ws)) == invalid)
    #expect(Int32(gt_lstm_step_f32(&h, &c, x, wIH, wHH, nil, nil, 3, 0, &ws)) == invalid)
    #expect(Int32(gt_lstm_step_f32(&h, &c, x, wIH, wHH, nil, nil, 3, -4, &ws)) == invalid)
    #expect(Int32(gt_lstm_step_f32(nil, &c, x, wIH, wHH, nil, nil, 3, 4, &ws)) == invalid)
    #expect(Int32(gt_lstm_step_f32(&h, nil, x, wIH, wHH, nil, nil, 3, 4, &ws)) == invalid)
    #expect(Int32(gt_lstm_step_f32(&h, &c, nil, wIH, wHH, nil, nil, 3, 4, &ws)) == invalid)
    #expect(Int32(gt_lstm_step_f32(&h, &c, x, nil, wHH, nil, nil, 3, 4, &ws)) == invalid)
    #expect(Int32(gt_lstm_step_f32(&h, &c, x, wIH, nil, nil, nil, 3, 4, &ws)) == invalid)
    #expect(Int32(gt_lstm_step_f32(&h, &c, x, wIH, wHH, nil, nil, 3, 4, nil)) == invalid)
    #expect(h.allSatisfy { $0 == 0.25 } && c.allSatisfy { $0 == 0.5 })
}
