import Foundation
import Testing
@testable import SpeakerStyle
import WaveformOutput

/// Reading every format of the sox-made test signal (Fixtures/formats, Tools/speaker/make_fixtures.py):
/// left 0.5·sin(2π·440t), right 0.25·sin(2π·660t) at 22 050 Hz, mixed to mono by averaging.
@Suite struct AudioFormatTests {
    static let files = try! Fixtures.json("formats/manifest.json")["files"] as! [String]
    static let frames = try! Fixtures.json("formats/manifest.json")["frames"] as! Int

    static func expectedMono(count: Int) -> [Float] {
        (0..<count).map { i in
            let t = Double(i) / 22050
            return Float(0.5 * (0.5 * sin(2 * .pi * 440 * t) + 0.25 * sin(2 * .pi * 660 * t)))
        }
    }

    /// Largest error each format may show against the exact signal: quantization for PCM,
    /// codec error for the lossy formats.
    static func tolerance(_ file: String) -> Float? {
        switch file {
        case "pcm_u8.wav": return 1.0 / 128
        case "pcm_s16.wav", "pcm_s16.flac", "pcm_s16.aiff": return 1.0 / 32768 + 1e-6
        case "pcm_s24.wav", "pcm_s24.flac": return 1.0 / 8_388_608 + 1e-7
        case "pcm_s32.wav", "float32.wav": return 1e-6
        default: return nil  // lossy: checked by level and frequency instead
        }
    }

    @Test(arguments: files)
    func readsAndMixesToMono(file: String) throws {
        let url = Fixtures.url("formats/\(file)")
        let info = try AudioFile.info(url)
        #expect(info.channels == 2)
        #expect(info.sampleRate == 22050)
        let audio = try AudioFile.read(url)
        #expect(audio.sampleRate == 22050)
        let frames = Self.frames
        if let tolerance = Self.tolerance(file) {
            #expect(audio.samples.count == frames)
            let expected = Self.expectedMono(count: frames)
            let worst = zip(audio.samples, expected).map { abs($0 - $1) }.max()!
            #expect(worst <= tolerance, "\(file): max error \(worst)")
        } else {
            // MP3 and Vorbis: length within one codec frame, level within 1 dB of the source's
            // RMS (0.5·√((0.5² + 0.25²)/2) ≈ 0.1976) over the middle.
            #expect(abs(audio.samples.count - frames) <= 1152, "\(file): \(audio.samples.count) frames")
            let middle = Array(audio.samples[600..<min(audio.samples.count, frames) - 600])
            let rms = Waveform(samples: middle, sampleRate: 22050).rms
            #expect(abs(20 * log10(rms / 0.19764235)) < 1, "\(file): rms \(rms)")
        }
    }

    @Test func readResamplesToTheRequestedRate() throws {
        let audio = try AudioFile.read(Fixtures.url("formats/float32.wav"), sampleRate: 16000)
        #expect(audio.sampleRate == 16000)
        #expect(audio.samples.count == Int((3308.0 * 16000 / 22050).rounded(.up)))
    }

    @Test func maxDurationReadsOnlyTheBeginning() throws {
        let audio = try AudioFile.read(Fixtures.url("formats/pcm_s16.flac"), maxDuration: 0.05)
        #expect(audio.samples.count == Int((0.05 * 22050).rounded(.up)))
    }
}

/// Bad input: a typed error that names the file and the problem, never a crash or a hang.
@Suite struct BadAudioInputTests {
    /// A canonical 44-byte PCM WAV header followed by `payload`, with fields that tests overwrite.
    static func wav(channels: UInt16 = 1, rate: UInt32 = 16000, bits: UInt16 = 16, format: UInt16 = 1,
                    dataSize: UInt32? = nil, payload: [UInt8]) -> Data {
        var d = Data()
        func le<T: FixedWidthInteger>(_ v: T) { withUnsafeBytes(of: v.littleEndian) { d.append(contentsOf: $0) } }
        let block = UInt16(max(1, Int(channels) * Int(bits) / 8))
        d.append(contentsOf: Array("RIFF".utf8)); le(UInt32(36 + payload.count))
        d.append(contentsOf: Array("WAVEfmt ".utf8)); le(UInt32(16))
        le(format); le(channels); le(rate); le(rate * UInt32(block)); le(block); le(bits)
        d.append(contentsOf: Array("data".utf8)); le(dataSize ?? UInt32(payload.count))
        d.append(contentsOf: payload)
        return d
    }

    static func pcm16(_ samples: [Int16]) -> [UInt8] {
        samples.flatMap { s in [UInt8(truncatingIfNeeded: s), UInt8(truncatingIfNeeded: s >> 8)] }
    }

    static func float32(_ samples: [Float]) -> [UInt8] {
        samples.flatMap { s in withUnsafeBytes(of: s.bitPattern.littleEndian) { Array($0) } }
    }

    func expectError(_ data: Data?, name: String = "bad.wav", _ kind: AudioFileError.Kind,
                     containing words: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = dir.appendingPathComponent(name)
        if let data { try data.write(to: url) }
        do {
            _ = try AudioFile.read(url)
            Issue.record("read succeeded", sourceLocation: sourceLocation)
        } catch let error as AudioFileError {
            #expect(error.kind == kind, "\(error)", sourceLocation: sourceLocation)
            #expect(error.path == url.path, sourceLocation: sourceLocation)
            #expect("\(error)".contains(url.path), sourceLocation: sourceLocation)
            #expect(error.reason.localizedCaseInsensitiveContains(words), "\(error)", sourceLocation: sourceLocation)
        }
    }

    @Test func missingFile() throws { try expectError(nil, .missing, containing: "no such file") }

    @Test func directory() throws {
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        #expect(throws: AudioFileError.self) { _ = try AudioFile.read(dir) }
    }

    @Test func emptyFile() throws { try expectError(Data(), .empty, containing: "empty") }

    @Test func textFile() throws {
        try expectError(Data("Hello, this is a transcript, not audio.\nSecond line.\n".utf8), .textFile, containing: "text")
    }

    @Test func randomBytesNamedWav() throws {
        var rng = SplitMix(seed: 7)
        let bytes = (0..<4096).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
        try expectError(Data(bytes), .unrecognizedFormat, containing: "not an audio format")
    }

    @Test func dataChunkClaimsMoreThanTheFileHolds() throws {
        try expectError(Self.wav(dataSize: 64_000, payload: Self.pcm16([1, 2, 3, 4])), .truncated, containing: "claims 64000 bytes")
    }

    @Test func truncatedInsideTheHeader() throws {
        let full = Self.wav(payload: Self.pcm16(Array(repeating: 100, count: 100)))
        try expectError(full.prefix(30), .truncated, containing: "truncated")
        try expectError(full.prefix(10), .truncated, containing: "truncated")
    }

    @Test func truncatedInsideTheData() throws {
        let full = Self.wav(payload: Self.pcm16(Array(repeating: 100, count: 1000)))
        try expectError(full.prefix(1000), .truncated, containing: "claims 2000 bytes")
    }

    @Test func zeroChannels() throws {
        try expectError(Self.wav(channels: 0, payload: Self.pcm16([1, 2])), .malformedHeader, containing: "zero channels")
    }

    @Test func zeroSampleRate() throws {
        try expectError(Self.wav(rate: 0, payload: Self.pcm16([1, 2])), .malformedHeader, containing: "0 Hz")
    }

    @Test func noFrames() throws {
        try expectError(Self.wav(payload: []), .empty, containing: "no audio frames")
    }

    @Test func nanSample() throws {
        let samples: [Float] = [0, 0.5, .nan, 0.25]
        try expectError(Self.wav(bits: 32, format: 3, payload: Self.float32(samples)), .nonFiniteSamples, containing: "frame 2 is NaN")
    }

    @Test func infiniteSample() throws {
        let samples: [Float] = [0, -.infinity, 0.25]
        try expectError(Self.wav(bits: 32, format: 3, payload: Self.float32(samples)), .nonFiniteSamples, containing: "infinite")
    }

    @Test func truncatedFLAC() throws {
        let flac = try Data(contentsOf: Fixtures.url("formats/pcm_s24.flac"))
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = dir.appendingPathComponent("cut.flac")
        try flac.prefix(flac.count / 2).write(to: url)
        #expect(throws: AudioFileError.self) { _ = try AudioFile.read(url) }
    }

    /// Every prefix of a valid file either reads or throws AudioFileError; none crashes or hangs.
    @Test(arguments: ["pcm_s16.wav", "pcm_s16.flac", "vorbis.ogg", "mpeg.mp3", "pcm_s16.aiff"])
    func everyPrefixFailsCleanly(file: String) throws {
        let data = try Data(contentsOf: Fixtures.url("formats/\(file)"))
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = dir.appendingPathComponent("prefix-\(file)")
        for length in stride(from: 1, to: data.count, by: max(1, data.count / 97)) {
            try data.prefix(length).write(to: url)
            do {
                let audio = try AudioFile.read(url)
                #expect(audio.samples.allSatisfy { $0.isFinite })
            } catch is AudioFileError {
            }
        }
    }

    @Test func validHandMadeWAVReads() throws {
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = dir.appendingPathComponent("ok.wav")
        try Self.wav(channels: 2, rate: 8000, payload: Self.pcm16([16384, -16384, 8192, 0])).write(to: url)
        let audio = try AudioFile.read(url)
        #expect(audio.sampleRate == 8000)
        #expect(audio.samples == [0, 0.125])
    }
}

/// A small deterministic generator for test data.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
