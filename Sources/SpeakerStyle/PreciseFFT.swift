import Foundation

/// A double-precision mixed-radix FFT (kissfft's recursive decimation in time with its generic
/// butterfly) for the prompt mel. The prompt mel's top bands hold almost no energy in speech that
/// was recorded at 16 kHz, and their logarithm amplifies a float32 FFT's rounding (about 3·10⁻⁴ in
/// log units with CKernels' FFT, 4·10⁻⁴ with torch's); in double precision the result agrees with
/// numpy's float64 definition to about 10⁻⁶.
final class PreciseFFT: Sendable {
    let length: Int
    private let factors: [(p: Int, m: Int)]
    private let twiddleRe: [Double]
    private let twiddleIm: [Double]

    init(length: Int) {
        precondition(length >= 1)
        self.length = length
        var factors: [(Int, Int)] = []
        var n = length
        var p = 4
        while n > 1 {
            while n % p != 0 {
                switch p {
                case 4: p = 2
                case 2: p = 3
                default: p += 2
                }
                if p * p > n { p = n }
            }
            n /= p
            factors.append((p, n))
        }
        self.factors = factors
        twiddleRe = (0..<length).map { cos(-2 * Double.pi * Double($0) / Double(length)) }
        twiddleIm = (0..<length).map { sin(-2 * Double.pi * Double($0) / Double(length)) }
    }

    /// |FFT(x)|² for bins 0 … length/2 of a real frame.
    func powerSpectrum(_ x: UnsafeBufferPointer<Double>, into power: UnsafeMutableBufferPointer<Double>,
                       re: UnsafeMutableBufferPointer<Double>, im: UnsafeMutableBufferPointer<Double>) {
        precondition(x.count == length && power.count == length / 2 + 1)
        work(outRe: re.baseAddress!, outIm: im.baseAddress!, input: x.baseAddress!, offset: 0, stride: 1, level: 0)
        for k in 0...(length / 2) { power[k] = re[k] * re[k] + im[k] * im[k] }
    }

    private func work(outRe: UnsafeMutablePointer<Double>, outIm: UnsafeMutablePointer<Double>,
                      input: UnsafePointer<Double>, offset: Int, stride: Int, level: Int) {
        let (p, m) = factors[level]
        if m == 1 {
            for k in 0..<p {
                outRe[k] = input[offset + k * stride]
                outIm[k] = 0
            }
        } else {
            for k in 0..<p {
                work(outRe: outRe + k * m, outIm: outIm + k * m, input: input, offset: offset + k * stride,
                     stride: stride * p, level: level + 1)
            }
        }
        butterfly(outRe, outIm, stride: stride, p: p, m: m)
    }

    private func butterfly(_ re: UnsafeMutablePointer<Double>, _ im: UnsafeMutablePointer<Double>, stride: Int, p: Int, m: Int) {
        var scratchRe = (0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0)
        var scratchIm = scratchRe
        withUnsafeMutableBytes(of: &scratchRe) { sr in
            withUnsafeMutableBytes(of: &scratchIm) { si in
                var heapRe: [Double] = p > 8 ? [Double](repeating: 0, count: p) : []
                var heapIm: [Double] = p > 8 ? [Double](repeating: 0, count: p) : []
                heapRe.withUnsafeMutableBufferPointer { hr in
                    heapIm.withUnsafeMutableBufferPointer { hi in
                        let sRe = p > 8 ? hr.baseAddress! : sr.baseAddress!.assumingMemoryBound(to: Double.self)
                        let sIm = p > 8 ? hi.baseAddress! : si.baseAddress!.assumingMemoryBound(to: Double.self)
                        for u in 0..<m {
                            var k = u
                            for q in 0..<p {
                                sRe[q] = re[k]
                                sIm[q] = im[k]
                                k += m
                            }
                            k = u
                            for _ in 0..<p {
                                var tw = 0
                                var accRe = sRe[0], accIm = sIm[0]
                                for q in 1..<p {
                                    tw += stride * k
                                    if tw >= length { tw -= length }
                                    let wr = twiddleRe[tw], wi = twiddleIm[tw]
                                    accRe += sRe[q] * wr - sIm[q] * wi
                                    accIm += sRe[q] * wi + sIm[q] * wr
                                }
                                re[k] = accRe
                                im[k] = accIm
                                k += m
                            }
                        }
                    }
                }
            }
        }
    }
}
