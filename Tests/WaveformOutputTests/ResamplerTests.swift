import Foundation
import Testing
@testable import WaveformOutput

@Suite struct ResamplerTests {
    static func sine(hz: Double, amplitude: Double, seconds: Double, rate: Int) -> Waveform {
        Waveform(samples: (0..<Int(seconds * Double(rate))).map {
            Float(amplitude * sin(2 * .pi * hz * Double($0) / Double(rate)))
        }, sampleRate: rate)
    }

    /// Amplitude and phase of `hz` in `samples` by least squares against sin and cos (a
    /// single-bin DFT over a whole number of periods).
    static func measure(_ w: Waveform, hz: Double) -> (amplitude: Double, residual: Double) {
        let n = w.samples.count
        var s = 0.0, c = 0.0
        for i in 0..<n {
            let phase = 2 * .pi * hz * Double(i) / Double(w.sampleRate)
            s += Double(w.samples[i]) * sin(phase)
            c += Double(w.samples[i]) * cos(phase)
        }
        let a = 2 * s / Double(n), b = 2 * c / Double(n)
        var residual = 0.0
        for i in 0..<n {
            let phase = 2 * .pi * hz * Double(i) / Double(w.sampleRate)
            let r = Double(w.samples[i]) - a * sin(phase) - b * cos(phase)
            residual += r * r
        }
        return ((a * a + b * b).squareRoot(), (residual / Double(n)).squareRoot())
    }

    /// A 1 kHz sine through 16 → 24 → 32 kHz keeps its frequency (everything but a 1 kHz sinusoid
    /// is below −80 dB) and its level (within 0.1 dB), away from the edges.
    @Test func sineKeepsFrequencyAndLevelThrough16To24To32() throws {
        let source = Self.sine(hz: 1000, amplitude: 0.5, seconds: 1, rate: 16000)
        let at24 = try source.resampled(to: 24000)
        let at32 = try at24.resampled(to: 32000)
        #expect(at24.samples.count == 24000)
        #expect(at32.samples.count == 32000)
        for w in [at24, at32] {
            let middle = Waveform(samples: Array(w.samples[(w.sampleRate / 10)..<(w.sampleRate * 9 / 10)]), sampleRate: w.sampleRate)
            let (amplitude, residual) = Self.measure(middle, hz: 1000)
            let levelDB = 20 * log10(amplitude / 0.5)
            let residualDB = 20 * log10(residual / amplitude)
            print("\(w.sampleRate) Hz: level \(levelDB) dB, residual \(residualDB) dB")
            #expect(abs(levelDB) < 0.1)
            #expect(residualDB < -80)
        }
    }

    /// The output is aligned with the input: the sine's phase survives (soxr removes its delay).
    @Test func noDelay() throws {
        let source = Self.sine(hz: 440, amplitude: 0.5, seconds: 0.5, rate: 22050)
        let out = try source.resampled(to: 48000)
        let expected = Self.sine(hz: 440, amplitude: 0.5, seconds: 0.5, rate: 48000)
        let worst = zip(out.samples[2400..<21600], expected.samples[2400..<21600]).map { abs($0 - $1) }.max()!
        #expect(worst < 1e-3)
    }

    /// Chunked streaming equals one shot.
    @Test func streamingEqualsOneShot() throws {
        let source = Self.sine(hz: 300, amplitude: 0.3, seconds: 0.7, rate: 24000)
        let resampler = try Resampler(from: 24000, to: 32000)
        var streamed: [Float] = []
        var offset = 0
        for size in [1, 17, 480, 1000, 4096, 3, 20000] {
            let end = min(offset + size, source.samples.count)
            streamed += try resampler.process(Array(source.samples[offset..<end]))
            offset = end
        }
        streamed += try resampler.process(Array(source.samples[offset...]))
        streamed += try resampler.finish()
        let oneShot = try source.resampled(to: 32000)
        #expect(streamed.count >= oneShot.samples.count)
        let worst = zip(streamed, oneShot.samples).map { abs($0 - $1) }.max()!
        #expect(worst < 1e-6)
    }

    @Test func sameRateIsIdentity() throws {
        let w = Self.sine(hz: 100, amplitude: 0.1, seconds: 0.1, rate: 16000)
        #expect(try w.resampled(to: 16000) == w)
    }

    @Test func invalidRatesThrow() {
        #expect(throws: ResamplerError.self) { _ = try Resampler(from: 0, to: 16000) }
        #expect(throws: ResamplerError.self) { _ = try Resampler(from: 16000, to: -1) }
    }
}
