import Foundation
import SpeakerStyle

// The reference-clip intake: the WAV chunk check, libsndfile's header and decoders, the 30 s cap and
// the level checks (ReferenceClip(contentsOf:)), then an uncapped AudioFile.read as `glmtts resynth`
// does. Any bytes give audio or an AudioFileError / ReferenceClipError, never a crash or a huge
// allocation.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let url = URL(fileURLWithPath: Scratch.write(data, size, name: "clip.wav"))
    do {
        let clip = try ReferenceClip(contentsOf: url)
        precondition(clip.duration <= ReferenceClip.maxDuration + 1e-6, "clip longer than the cap: \(clip.duration) s")
        precondition(clip.waveform.samples.allSatisfy(\.isFinite), "non-finite samples got through")
    } catch is AudioFileError {
    } catch is ReferenceClipError {
    } catch {
        fatalError("ReferenceClip threw \(type(of: error)): \(error)")
    }
    do {
        let audio = try AudioFile.read(url)
        precondition(audio.sampleRate > 0)
    } catch is AudioFileError {
    } catch {
        fatalError("AudioFile.read threw \(type(of: error)): \(error)")
    }
    return 0
}
