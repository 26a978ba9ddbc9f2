import Foundation

/// Writes a WAV file chunk by chunk as samples arrive (a synthesizer's streaming output).
///
/// The header's two size fields are rewritten after every chunk, so the file on disk is a complete,
/// valid WAV file between any two calls: a reader can play what has arrived so far, and a process
/// that dies mid-stream leaves every chunk written before it. `finish()` closes the file (it is
/// also called from `deinit`). Unlike `Waveform.write(to:)`, the file is written in place, not
/// renamed into place, because it must be visible while it grows.
public final class WAVStreamWriter {
    public let url: URL
    public let sampleRate: Int
    public let format: WAVFormat
    public let clipping: ClippingProtection
    /// Samples written so far.
    public private(set) var sampleCount = 0
    /// Samples that the clipping protection changed.
    public private(set) var protectedSampleCount = 0
    private var handle: FileHandle?

    static let headerBytes = 44

    public init(url: URL, sampleRate: Int, format: WAVFormat = .pcm16,
                clipping: ClippingProtection = .standard) throws {
        precondition(sampleRate > 0, "sample rate must be positive")
        self.url = url
        self.sampleRate = sampleRate
        self.format = format
        self.clipping = clipping
        let header = try Waveform(samples: [], sampleRate: sampleRate).wavData(format: format)
        do {
            try header.write(to: url)
            handle = try FileHandle(forWritingTo: url)
            try handle?.seekToEnd()
        } catch {
            throw WAVError.writeFailed(path: url.path, reason: error.localizedDescription)
        }
    }

    deinit { try? finish() }

    /// Appends samples and updates the header.
    public func append(_ samples: [Float]) throws {
        guard let handle else { throw WAVError.writeFailed(path: url.path, reason: "the stream is already finished") }
        guard !samples.isEmpty else { return }
        let bytesPerSample = format.bitsPerSample / 8
        let newCount = sampleCount + samples.count
        guard newCount * bytesPerSample <= Int(UInt32.max) - Self.headerBytes else {
            throw WAVError.tooLong(samples: newCount)
        }
        var protected = samples
        protectedSampleCount += clipping.apply(to: &protected)
        var data = Data(capacity: samples.count * bytesPerSample)
        switch format {
        case .pcm16:
            for s in protected { data.appendLE(UInt16(bitPattern: Waveform.pcm16(s))) }
        case .float32:
            for s in protected { data.appendLE((s.isNaN ? 0 : s).bitPattern) }
        }
        do {
            try handle.write(contentsOf: data)
            sampleCount = newCount
            try writeSizes(handle)
        } catch {
            throw WAVError.writeFailed(path: url.path, reason: error.localizedDescription)
        }
    }

    /// Appends a waveform, which must be at this stream's sample rate.
    public func append(_ waveform: Waveform) throws {
        guard waveform.sampleRate == sampleRate else {
            throw WAVError.writeFailed(path: url.path, reason: "a chunk at \(waveform.sampleRate) Hz cannot join a \(sampleRate) Hz stream; resample it first")
        }
        try append(waveform.samples)
    }

    /// Flushes the file to disk and closes it. Later calls do nothing.
    public func finish() throws {
        guard let handle else { return }
        self.handle = nil
        do {
            try writeSizes(handle)
            try handle.synchronize()
            try handle.close()
        } catch {
            throw WAVError.writeFailed(path: url.path, reason: error.localizedDescription)
        }
    }

    private func writeSizes(_ handle: FileHandle) throws {
        let dataBytes = UInt32(sampleCount * (format.bitsPerSample / 8))
        var riff = Data(), dataSize = Data()
        riff.appendLE(UInt32(36) + dataBytes)
        dataSize.appendLE(dataBytes)
        try handle.seek(toOffset: 4)
        try handle.write(contentsOf: riff)
        try handle.seek(toOffset: 40)
        try handle.write(contentsOf: dataSize)
        try handle.seekToEnd()
    }
}
