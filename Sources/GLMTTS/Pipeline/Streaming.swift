import WaveformOutput

extension Synthesizer {
    /// Speaks `text` as a stream of audio chunks. Each chunk is final when it arrives; together they
    /// equal `Session.synthesize`'s waveform. Cancelling the consuming task stops the synthesis.
    public func stream(_ text: String, voice: Voice? = nil, options: SessionOptions = SessionOptions()) -> AsyncThrowingStream<Waveform, any Error> {
        AsyncThrowingStream { continuation in
            let task = Task.detached { [self] in
                do {
                    let session = try makeSession(options)
                    try session.synthesize(text, voice: voice) { chunk in
                        try Task.checkCancellation()
                        if !chunk.isEmpty { continuation.yield(Waveform(samples: chunk, sampleRate: options.sampleRate.rawValue)) }
                    }
                    continuation.finish()
                } catch {
                    continuation.finish(throwing: error)
                }
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }
}
