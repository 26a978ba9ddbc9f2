import CSndFile
import Foundation
import WaveformOutput

/// What a file holds, from its header.
public struct AudioFileInfo: Sendable, Equatable {
    public let path: String
    public let sampleRate: Int
    public let channels: Int
    /// Frames (samples per channel) that the header announces.
    public let frames: Int
    /// The container, as libsndfile names it ("WAV (Microsoft)", "FLAC (Free Lossless Audio Codec)", …).
    public let format: String
    /// The encoding ("Signed 16 bit PCM", "32 bit float", "Vorbis", …).
    public let encoding: String

    public var duration: Double { Double(frames) / Double(sampleRate) }
}

/// Reads audio files through libsndfile: WAV (8/16/24/32-bit integer, 32/64-bit float), FLAC,
/// OGG/Vorbis, Opus, MP3, AIFF and the rest of libsndfile's formats. Every channel is mixed to mono
/// by averaging, as librosa does. Every problem with a file is an `AudioFileError` naming it.
public enum AudioFile {
    /// The header of `url`, after the same checks as `read`.
    public static func info(_ url: URL) throws -> AudioFileInfo {
        let file = try OpenFile(url: url)
        return file.info
    }

    /// The whole file (or its first `maxDuration` seconds) mixed to mono at its own sample rate.
    public static func read(_ url: URL, maxDuration: Double? = nil) throws -> Waveform {
        let file = try OpenFile(url: url)
        return try file.readMono(maxFrames: maxDuration.map { Int(($0 * Double(file.info.sampleRate)).rounded(.up)) })
    }

    /// The file mixed to mono and resampled (libsoxr, high quality) to `sampleRate`.
    public static func read(_ url: URL, sampleRate: Int, maxDuration: Double? = nil) throws -> Waveform {
        let waveform = try read(url, maxDuration: maxDuration)
        do {
            return try waveform.resampled(to: sampleRate)
        } catch {
            throw AudioFileError(path: url.path, kind: .unreadable, reason: "\(error)")
        }
    }
}

/// An open libsndfile handle, closed on deinit.
private final class OpenFile {
    let path: String
    let handle: OpaquePointer
    let info: AudioFileInfo

    init(url: URL) throws {
        let path = url.path
        self.path = path
        func fail(_ kind: AudioFileError.Kind, _ reason: String) -> AudioFileError {
            AudioFileError(path: path, kind: kind, reason: reason)
        }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw fail(.missing, "no such file")
        }
        guard !isDirectory.boolValue else { throw fail(.missing, "is a directory, not an audio file") }
        let attributes = try? FileManager.default.attributesOfItem(atPath: path)
        let size = (attributes?[.size] as? NSNumber)?.intValue ?? 0
        guard size > 0 else { throw fail(.empty, "file is empty (0 bytes)") }
        guard let reader = FileHandle(forReadingAtPath: path) else {
            throw fail(.unreadable, "cannot open the file for reading (permissions?)")
        }
        defer { try? reader.close() }
        let head: Data
        do {
            head = try reader.read(upToCount: 512) ?? Data()
            try WAVHeaderCheck.validate(path: path, handle: reader, fileSize: size)
        } catch let error as AudioFileError {
            throw error
        } catch {
            throw fail(.unreadable, "cannot read the file: \(error.localizedDescription)")
        }

        var sfInfo = SF_INFO()
        guard let handle = sf_open(path, Int32(SFM_READ), &sfInfo) else {
            let message = String(cString: sf_strerror(nil))
            if Self.looksLikeText(head) { throw fail(.textFile, "is a text file, not audio") }
            if message.localizedCaseInsensitiveContains("unknown format") || message.localizedCaseInsensitiveContains("not recognised") || message.localizedCaseInsensitiveContains("format not recognised") {
                throw fail(.unrecognizedFormat, "not an audio format libsndfile recognises (\(message))")
            }
            throw fail(.unreadable, "libsndfile cannot open it: \(message)")
        }
        self.handle = handle
        guard sfInfo.channels > 0 else {
            sf_close(handle)
            throw fail(.malformedHeader, "header declares \(sfInfo.channels) channels")
        }
        guard sfInfo.samplerate > 0 else {
            sf_close(handle)
            throw fail(.malformedHeader, "header declares a sample rate of \(sfInfo.samplerate) Hz")
        }
        guard sfInfo.frames > 0 else {
            sf_close(handle)
            throw fail(.empty, "file holds no audio frames")
        }
        info = AudioFileInfo(path: path, sampleRate: Int(sfInfo.samplerate), channels: Int(sfInfo.channels),
                             frames: Int(clamping: sfInfo.frames),
                             format: Self.formatName(handle, sfInfo.format & Int32(SF_FORMAT_TYPEMASK)),
                             encoding: Self.formatName(handle, sfInfo.format & Int32(SF_FORMAT_SUBMASK)))
    }

    deinit { sf_close(handle) }

    func readMono(maxFrames: Int?) throws -> Waveform {
        let channels = info.channels
        let wanted = min(info.frames, maxFrames ?? Int.max)
        // Headers can lie (an MP3's Xing header announcing 10¹⁰ frames, 1024 channels): reserve and
        // buffer what a plausible file needs, and let real samples grow the array past that.
        let block = max(1024, 65_536 / channels)
        var buffer = [Float](repeating: 0, count: block * channels)
        var mono: [Float] = []
        mono.reserveCapacity(min(wanted, 1 << 20))
        let scale = 1 / Float(channels)
        // Never more reads than the header's frame count allows: a decoder that keeps returning
        // data cannot make this loop run forever.
        while mono.count < wanted {
            let request = min(block, wanted - mono.count)
            let got = buffer.withUnsafeMutableBufferPointer {
                Int(sf_readf_float(handle, $0.baseAddress, sf_count_t(request)))
            }
            if got <= 0 { break }
            for f in 0..<got {
                var sum: Float = 0
                for c in 0..<channels { sum += buffer[f * channels + c] }
                let s = channels == 1 ? sum : sum * scale
                guard s.isFinite else {
                    throw AudioFileError(path: path, kind: .nonFiniteSamples,
                                         reason: "sample at frame \(mono.count) is \(s.isNaN ? "NaN" : "infinite")")
                }
                mono.append(s)
            }
        }
        let status = sf_error(handle)
        if status != 0 {
            let message = String(cString: sf_strerror(handle))
            throw AudioFileError(path: path, kind: mono.isEmpty ? .unreadable : .truncated,
                                 reason: "decoding stopped after \(mono.count) of \(info.frames) frames: \(message)")
        }
        if mono.count < wanted {
            throw AudioFileError(path: path, kind: .truncated,
                                 reason: "file is truncated: its header announces \(info.frames) frames but only \(mono.count) could be read")
        }
        return Waveform(samples: mono, sampleRate: info.sampleRate)
    }

    static func looksLikeText(_ head: Data) -> Bool {
        guard !head.isEmpty, !head.contains(0) else { return false }
        guard String(data: head, encoding: .utf8) != nil || head.count == 512 else { return false }
        let printable = head.filter { $0 >= 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D || $0 >= 0x80 }.count
        return Double(printable) / Double(head.count) > 0.97
    }

    /// libsndfile's name for a major format or an encoding (SFC_GET_FORMAT_INFO looks up both).
    static func formatName(_ handle: OpaquePointer, _ code: Int32) -> String {
        var formatInfo = SF_FORMAT_INFO()
        formatInfo.format = code
        let status = sf_command(handle, Int32(SFC_GET_FORMAT_INFO), &formatInfo, Int32(MemoryLayout<SF_FORMAT_INFO>.size))
        guard status == 0, let name = formatInfo.name else { return String(format: "0x%06x", code) }
        return String(cString: name)
    }
}
