/// Parameters of GLM-TTS's prompt mel spectrogram (80 bins, 0–8 kHz, Slaney scale and norm, log of
/// the magnitude, no centering: reflect padding of (n_fft − hop) / 2 on each side).
public struct MelConfiguration: Sendable, Equatable {
    public let sampleRate: Int
    public let fftLength: Int
    public let windowLength: Int
    public let hopLength: Int
    public let melBins: Int
    public let minFrequency: Float
    public let maxFrequency: Float

    public init(sampleRate: Int, fftLength: Int, windowLength: Int, hopLength: Int, melBins: Int = 80,
                minFrequency: Float = 0, maxFrequency: Float = 8000) {
        self.sampleRate = sampleRate
        self.fftLength = fftLength
        self.windowLength = windowLength
        self.hopLength = hopLength
        self.melBins = melBins
        self.minFrequency = minFrequency
        self.maxFrequency = maxFrequency
    }

    /// 24 kHz: n_fft = window = 1920, hop 480 (50 frames per second).
    public static let glmTTS24k = MelConfiguration(sampleRate: 24000, fftLength: 1920, windowLength: 1920, hopLength: 480)
    /// 32 kHz: n_fft = window = 2560, hop 640 (50 frames per second).
    public static let glmTTS32k = MelConfiguration(sampleRate: 32000, fftLength: 2560, windowLength: 2560, hopLength: 640)

    /// Samples of reflect padding on each side before framing.
    public var padding: Int { (fftLength - hopLength) / 2 }
}
