import Foundation
import Testing
@testable import WaveformOutput

@Suite struct WAVEncodingTests {
    func u16(_ d: Data, _ at: Int) -> UInt16 { UInt16(d[at]) | UInt16(d[at + 1]) << 8 }
    func u32(_ d: Data, _ at: Int) -> UInt32 { UInt32(u16(d, at)) | UInt32(u16(d, at + 2)) << 16 }

    @Test func pcm16HeaderAndSamples() throws {
        let w = Waveform(samples: [0, 0.5, -0.5, 1, -1], sampleRate: 24000)
        let d = try w.wavData()
        #expect(d.count == 44 + 10)
        #expect(String(decoding: d[0..<4], as: UTF8.self) == "RIFF")
        #expect(u32(d, 4) == UInt32(d.count - 8))
        #expect(String(decoding: d[8..<16], as: UTF8.self) == "WAVEfmt ")
        #expect(u16(d, 20) == 1)          // PCM
        #expect(u16(d, 22) == 1)          // mono
        #expect(u32(d, 24) == 24000)
        #expect(u32(d, 28) == 48000)      // byte rate
        #expect(u16(d, 34) == 16)
        #expect(u32(d, 40) == 10)
        let samples = (0..<5).map { Int16(bitPattern: u16(d, 44 + 2 * $0)) }
        #expect(samples == [0, 16384, -16384, 32767, -32767])
    }

    @Test func pcm16SaturatesAndSilencesNaN() {
        #expect(Waveform.pcm16(3.5) == 32767)
        #expect(Waveform.pcm16(-2) == -32767)
        #expect(Waveform.pcm16(.infinity) == 32767)
        #expect(Waveform.pcm16(.nan) == 0)
    }

    @Test func float32KeepsSamplesExactly() throws {
        let samples: [Float] = [0.123456789, -0.987654321, 1.5, -3e-8]
        let d = try Waveform(samples: samples, sampleRate: 32000).wavData(format: .float32)
        #expect(u16(d, 20) == 3)
        #expect(u16(d, 34) == 32)
        let back = (0..<4).map { Float(bitPattern: u32(d, 44 + 4 * $0)) }
        #expect(back == samples)
    }

    @Test func writeReplacesAtomicallyAndLeavesNoTemporaryFiles() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("wav-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = dir.appendingPathComponent("out.wav")
        try Waveform(samples: [0.1], sampleRate: 24000).write(to: url)
        try Waveform(samples: [0.1, 0.2, 0.3], sampleRate: 24000).write(to: url)
        #expect(try Data(contentsOf: url).count == 44 + 6)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["out.wav"])
    }

    @Test func writeIntoMissingFolderNamesThePath() {
        let url = URL(fileURLWithPath: "/nonexistent-\(UUID().uuidString)/x.wav")
        #expect(throws: WAVError.self) { try Waveform(samples: [0], sampleRate: 24000).write(to: url) }
        do { try Waveform(samples: [0], sampleRate: 24000).write(to: url) } catch {
            #expect("\(error)".contains(url.path))
        }
    }

    @Test func durationAndPeak() {
        let w = Waveform(samples: [0.25, -0.75, 0.5, 0], sampleRate: 4)
        #expect(w.duration == 1)
        #expect(w.peak == 0.75)
    }
}
