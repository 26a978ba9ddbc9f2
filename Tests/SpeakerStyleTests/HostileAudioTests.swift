import Foundation
import Testing
@testable import SpeakerStyle

/// Audio files whose headers lie, found by fuzzing the audio reader (Fuzz/, Docs/Reliability.md).
@Suite struct HostileAudioTests {
    /// The MP3 fixture with its Xing header's frame count (bytes 0x1E…0x21, big-endian) raised from 8
    /// to 0xFFC70800: libsndfile then announces billions of frames. The reader reserved that
    /// many samples up front (38 GB) and the process died; now it reads the real frames and reports
    /// the file as truncated.
    @Test func anMP3WhoseHeaderAnnouncesBillionsOfFramesIsTruncatedNotFatal() throws {
        var bytes = try Data(contentsOf: Fixtures.url("formats/mpeg.mp3"))
        let xing = try #require(bytes.range(of: Data("Xing".utf8)))
        let frames = xing.lowerBound + 8
        #expect(Array(bytes[frames..<(frames + 4)]) == [0, 0, 0, 8], "fixture changed: Xing frame count")
        bytes.replaceSubrange(frames..<(frames + 4), with: [0xFF, 0xC7, 0x08, 0x00])
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = dir.appendingPathComponent("lying.mp3")
        try bytes.write(to: url)

        let info = try AudioFile.info(url)
        #expect(info.frames > 1_000_000_000)
        #expect {
            _ = try AudioFile.read(url)
        } throws: { error in
            (error as? AudioFileError)?.kind == .truncated
        }
        // The reference-clip path reads at most 30 s and never trusted the count.
        let clip = try? ReferenceClip(contentsOf: url)
        #expect((clip?.duration ?? 0) <= ReferenceClip.maxDuration)
    }

    /// A WAV file with 1000 channels of 16-bit PCM: read in blocks sized by the channel count rather
    /// than 65 536 frames × 1000 channels (256 MB) of scratch.
    @Test func aThousandChannelsAreMixedInSmallBlocks() throws {
        let channels = 1000, frames = 300, rate = 8000
        var data = Data()
        func u32(_ v: Int) { withUnsafeBytes(of: UInt32(v).littleEndian) { data.append(contentsOf: $0) } }
        func u16(_ v: Int) { withUnsafeBytes(of: UInt16(v).littleEndian) { data.append(contentsOf: $0) } }
        let payload = channels * frames * 2
        data.append(contentsOf: Array("RIFF".utf8)); u32(36 + payload); data.append(contentsOf: Array("WAVEfmt ".utf8))
        u32(16); u16(1); u16(channels); u32(rate); u32(rate * channels * 2); u16(channels * 2); u16(16)
        data.append(contentsOf: Array("data".utf8)); u32(payload)
        for f in 0..<frames {
            for c in 0..<channels { u16(c % 2 == 0 ? (f % 2 == 0 ? 16384 : 0) : 0) }
        }
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = dir.appendingPathComponent("wide.wav")
        try data.write(to: url)
        let audio = try AudioFile.read(url)
        #expect(audio.samples.count == frames)
        // Half the channels hold 0.5 on even frames: the mono average is 0.25 there, 0 elsewhere (within 1e-6).
        #expect(abs(audio.samples[0] - 0.25) < 1e-6 && abs(audio.samples[1]) < 1e-6)
    }
}
