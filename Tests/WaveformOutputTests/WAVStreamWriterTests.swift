import Foundation
import SpeakerStyle
import Testing
@testable import WaveformOutput

@Suite struct WAVStreamWriterTests {
    func scratch() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("wavstream-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    /// After every chunk the file on disk is a complete WAV holding exactly the chunks so far.
    @Test(arguments: [WAVFormat.pcm16, .float32])
    func fileIsValidAfterEveryChunk(format: WAVFormat) throws {
        let dir = try scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = dir.appendingPathComponent("stream.wav")
        let writer = try WAVStreamWriter(url: url, sampleRate: 24000, format: format, clipping: .none)
        var all: [Float] = []
        for chunk in 0..<4 {
            let samples = (0..<(100 * (chunk + 1))).map { Float(sin(Double($0 + all.count) * 0.05)) * 0.5 }
            try writer.append(samples)
            all += samples
            let back = try AudioFile.read(url)
            #expect(back.sampleRate == 24000)
            #expect(back.samples.count == all.count)
            let tolerance: Float = format == .pcm16 ? 1.0 / 32767 : 0
            #expect(zip(back.samples, all).allSatisfy { abs($0 - $1) <= tolerance })
        }
        try writer.finish()
        try writer.finish()  // idempotent
        #expect(throws: WAVError.self) { try writer.append([0]) }
        #expect(try Data(contentsOf: url).count == 44 + all.count * (format == .pcm16 ? 2 : 4))
    }

    /// The streamed file equals the one-shot encoding of the same samples.
    @Test func streamEqualsOneShot() throws {
        let dir = try scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = dir.appendingPathComponent("a.wav")
        let samples = (0..<1000).map { Float($0 % 50) / 60 - 0.4 }
        do {
            let writer = try WAVStreamWriter(url: url, sampleRate: 32000, clipping: .none)
            try writer.append(Array(samples[0..<333]))
            try writer.append(Waveform(samples: Array(samples[333...]), sampleRate: 32000))
        }  // deinit finishes
        #expect(try Data(contentsOf: url) == Waveform(samples: samples, sampleRate: 32000).wavData())
    }

    @Test func wrongRateChunkIsRefused() throws {
        let dir = try scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        let writer = try WAVStreamWriter(url: dir.appendingPathComponent("x.wav"), sampleRate: 24000)
        #expect(throws: WAVError.self) { try writer.append(Waveform(samples: [0], sampleRate: 16000)) }
    }

    @Test func missingFolderNamesThePath() {
        let url = URL(fileURLWithPath: "/nonexistent-\(UUID().uuidString)/x.wav")
        do {
            _ = try WAVStreamWriter(url: url, sampleRate: 24000)
            Issue.record("opened")
        } catch { #expect("\(error)".contains(url.path)) }
    }

    @Test func clippingProtectionCountsChangedSamples() throws {
        let dir = try scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = dir.appendingPathComponent("c.wav")
        let writer = try WAVStreamWriter(url: url, sampleRate: 16000, format: .float32, clipping: .hardClip)
        try writer.append([0.5, 1.5, -3, .nan, 0.2])
        try writer.finish()
        #expect(writer.protectedSampleCount == 3)
        #expect(try AudioFile.read(url).samples == [0.5, 1, -1, 0, 0.2])
    }
}

@Suite struct ClippingProtectionTests {
    @Test func softKneeIsIdentityBelowThresholdAndBoundedAbove() {
        let p = ClippingProtection.standard
        for x: Float in [0, 0.3, -0.5, 0.9, -0.9] { #expect(p.apply(x) == x) }
        var last: Float = 0.9
        for x in stride(from: Float(0.91), through: 20, by: 0.37) {
            let y = p.apply(x)
            #expect(y >= last && y <= 1)     // monotonic, never past full scale
            #expect(p.apply(-x) == -y)       // symmetric
            last = y
        }
        #expect(abs(p.apply(1) - (0.9 + 0.1 * Float(tanh(1.0)))) < 1e-6)  // a full-scale peak lands at 0.976
        #expect(p.apply(.infinity) == 1)
        #expect(p.apply(.nan) == 0)
        // Continuous at the knee.
        #expect(abs(p.apply(0.9001) - 0.9001) < 1e-5)
    }

    @Test func hardClipAndNone() {
        #expect(ClippingProtection.hardClip.apply(1.7) == 1)
        #expect(ClippingProtection.hardClip.apply(-1.7) == -1)
        #expect(ClippingProtection.none.apply(1.7) == 1.7)
        var samples: [Float] = [0.1, 2, -2]
        #expect(ClippingProtection.hardClip.apply(to: &samples) == 2)
        #expect(samples == [0.1, 1, -1])
    }

    @Test func waveformProtection() {
        let w = Waveform(samples: [0.5, 1.2], sampleRate: 8000).protectedFromClipping()
        #expect(w.samples[0] == 0.5)
        #expect(w.samples[1] < 1 && w.samples[1] > 0.9)
    }
}

/// What the library writes, libsndfile reads back: every output format, through the one-shot writer
/// and the stream.
@Suite struct WAVRoundTripTests {
    @Test(arguments: [WAVFormat.pcm16, .float32], [16000, 24000, 32000, 44100])
    func roundTrip(format: WAVFormat, rate: Int) throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("rt-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let samples = (0..<777).map { Float(sin(Double($0) * 0.01)) * 0.9 }
        let url = dir.appendingPathComponent("out.wav")
        try Waveform(samples: samples, sampleRate: rate).write(to: url, format: format)
        let info = try AudioFile.info(url)
        #expect(info.sampleRate == rate && info.channels == 1 && info.frames == 777)
        #expect(info.encoding.contains(format == .pcm16 ? "16 bit" : "32 bit float"), "\(info.encoding)")
        let back = try AudioFile.read(url)
        let tolerance: Float = format == .pcm16 ? 0.5 / 32767 + 1e-6 : 0
        // libsndfile reads 16-bit PCM as s / 32768; the writer uses s · 32767 (rounded).
        let scale: Float = format == .pcm16 ? 32767.0 / 32768.0 : 1
        #expect(zip(back.samples, samples).allSatisfy { abs($0 - $1 * scale) <= tolerance })
    }
}
