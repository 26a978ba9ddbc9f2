import SpeakerStyle
import Testing

/// The GLM-TTS prompt mel parameters (REFERENCE.md): 50 frames per second at both rates.
@Suite struct MelConfigurationTests {
    @Test(arguments: [MelConfiguration.glmTTS24k, .glmTTS32k])
    func fiftyFramesPerSecondAndHalfWindowPadding(config: MelConfiguration) {
        #expect(config.sampleRate / config.hopLength == 50)
        #expect(config.fftLength == config.windowLength)
        #expect(config.padding == (config.fftLength - config.hopLength) / 2)
        #expect(config.melBins == 80 && config.maxFrequency == 8000)
    }
}
