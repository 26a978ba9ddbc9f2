import Foundation

/// Checks the chunk structure of a RIFF/WAVE file before libsndfile reads it. libsndfile is lenient
/// where a user deserves an explanation: it opens a file whose data chunk claims more bytes than
/// the file holds (a truncated download) and quietly reads what is there.
enum WAVHeaderCheck {
    /// Sizes that mean "unknown length", written by tools that stream to a pipe; libsndfile then
    /// reads to the end of the file, and so do we.
    static let streamingSizes: Set<UInt32> = [0, 0xFFFF_FFFF]

    static func validate(path: String, handle: FileHandle, fileSize: Int) throws {
        func fail(_ kind: AudioFileError.Kind, _ reason: String) -> AudioFileError {
            AudioFileError(path: path, kind: kind, reason: reason)
        }
        func read(_ offset: Int, _ count: Int) throws -> Data {
            try handle.seek(toOffset: UInt64(offset))
            return try handle.read(upToCount: count) ?? Data()
        }
        func u16(_ d: Data, _ at: Int) -> UInt16 { UInt16(d[d.startIndex + at]) | UInt16(d[d.startIndex + at + 1]) << 8 }
        func u32(_ d: Data, _ at: Int) -> UInt32 { UInt32(u16(d, at)) | UInt32(u16(d, at + 2)) << 16 }

        let riff = try read(0, 12)
        guard riff.count >= 4, riff.prefix(4) == Data("RIFF".utf8) else { return }
        guard riff.count == 12 else {
            throw fail(.truncated, "WAV file is truncated: \(fileSize) bytes, not even a RIFF header (12 bytes)")
        }
        guard riff.suffix(4) == Data("WAVE".utf8) else { return }  // another RIFF type: libsndfile decides

        var offset = 12
        var sawFormat = false
        var chunks = 0
        while offset + 8 <= fileSize {
            chunks += 1
            guard chunks <= 10_000 else { throw fail(.malformedHeader, "more than 10000 chunks before the data chunk") }
            let header = try read(offset, 8)
            guard header.count == 8 else { break }
            let id = String(decoding: header.prefix(4), as: UTF8.self)
            let size = u32(header, 4)
            let body = offset + 8
            switch id {
            case "fmt ":
                guard size >= 16 else {
                    throw fail(.malformedHeader, "fmt chunk is \(size) bytes; a WAV format chunk has at least 16")
                }
                let fmt = try read(body, 16)
                guard fmt.count == 16 else {
                    throw fail(.truncated, "WAV file is truncated inside its fmt chunk (\(fileSize) bytes)")
                }
                let channels = u16(fmt, 2)
                let rate = u32(fmt, 4)
                let blockAlign = u16(fmt, 12)
                let bits = u16(fmt, 14)
                guard channels > 0 else { throw fail(.malformedHeader, "WAV header declares zero channels") }
                guard rate > 0 else { throw fail(.malformedHeader, "WAV header declares a sample rate of 0 Hz") }
                guard blockAlign > 0 else { throw fail(.malformedHeader, "WAV header declares a block size of 0 bytes") }
                let tag = u16(fmt, 0)
                if tag == 1 || tag == 3, bits == 0 {
                    throw fail(.malformedHeader, "WAV header declares 0 bits per sample")
                }
                sawFormat = true
            case "data":
                guard sawFormat else { throw fail(.malformedHeader, "WAV data chunk comes before any fmt chunk") }
                let available = fileSize - body
                if !streamingSizes.contains(size), Int(size) > available {
                    throw fail(.truncated, "WAV data chunk claims \(size) bytes but the file holds only \(max(available, 0)) after the chunk header (truncated or corrupt file)")
                }
                return
            default:
                break
            }
            guard Int(size) <= fileSize - body else {
                throw fail(.truncated, "WAV chunk '\(id.filter { $0.isASCII && !$0.isWhitespace })' claims \(size) bytes but the file ends \(fileSize - body) bytes after its header")
            }
            offset = body + Int(size) + Int(size & 1)
        }
        throw fail(sawFormat ? .truncated : .malformedHeader,
                   sawFormat ? "WAV file has no data chunk (truncated?)" : "WAV file has no fmt chunk")
    }
}
