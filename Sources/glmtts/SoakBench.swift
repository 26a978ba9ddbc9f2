import ArgumentParser
import Foundation
import GLMTTS
#if canImport(Glibc)
import Glibc
#endif

/// Many requests in one process, with resident memory sampled as they go: memory must stay flat
/// once the first requests have sized the caches. Not part of the test run (minutes, not seconds);
/// Scripts/soak.sh runs it and Docs/Reliability.md records a curve.
struct SoakBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "soak",
        abstract: "Synthesize many requests in one process and check that resident memory stays flat.",
        discussion: """
            Requests cycle through texts of different lengths (one needs several segments), alternate
            24 and 32 kHz, use the default speaker or one of four voices (speaker embedding, transcript and
            prompt speech tokens), and every fifth one streams. --sessions shared keeps one session per
            rate for the whole run, as `glmtts batch` does; per-request makes a new one each time, as a
            server would. --distinct-voices gives every request a voice never seen before, the case that
            fills a shared session's per-voice prefix cache. Exit status 1 when resident memory grew more
            than --max-growth-mb between the end of the warm-up and the last request.
            """)

    @OptionGroup var modelOptions: ModelOptions

    @Option(help: "Requests to synthesize.")
    var requests: Int = 300

    @Option(help: "Sample resident memory every N requests.")
    var every: Int = 25

    @Option(help: "Requests before the baseline sample (caches and allocator arenas size themselves).")
    var warmup: Int = 50

    @Option(help: "Sessions: shared (one per sample rate, reused) or per-request.")
    var sessions: String = "shared"

    @Flag(help: "Give every request a new voice.")
    var distinctVoices = false

    @Option(help: "Largest growth of resident memory after the warm-up, in MB, that passes.")
    var maxGrowthMb: Double = 16

    @Flag(help: "Print JSON.")
    var json = false

    static let texts = [
        "Hello there.",
        "The quick brown fox jumps over the lazy dog, twice on Sundays.",
        "It costs $12.50 on 3/4/2024 at 10:30am, about 3.5 km away.",
        String(repeating: "A long request is split into several segments at sentence boundaries. ", count: 6),
        "Numbers like 1,234,567 and 21st are read out; so are dates such as 2024-01-05.",
    ]

    struct Sample: Encodable {
        let requests: Int
        let residentMB: Double
        let anonymousMB: Double
        let sessionCacheMB: Double
        let seconds: Double
        enum CodingKeys: String, CodingKey {
            case requests, seconds
            case residentMB = "resident_mb", anonymousMB = "anonymous_mb", sessionCacheMB = "session_cache_mb"
        }
    }

    struct Report: Encodable {
        let model: String
        let sessions: String
        let distinctVoices: Bool
        let samples: [Sample]
        let growthAfterWarmupMB: Double
        let passed: Bool
        enum CodingKeys: String, CodingKey {
            case model, sessions, samples, passed
            case distinctVoices = "distinct_voices", growthAfterWarmupMB = "growth_after_warmup_mb"
        }
    }

    func validate() throws {
        guard ["shared", "per-request"].contains(sessions) else { throw ValidationError("--sessions must be shared or per-request, got \(sessions).") }
        guard requests >= 1, every >= 1 else { throw ValidationError("--requests and --every must be at least 1.") }
        guard warmup >= 0 && warmup < requests else { throw ValidationError("--warmup must be between 0 and --requests − 1.") }
    }

    func run() throws {
        let synthesizer = try loadSynthesizer(modelOptions)
        let dimension = synthesizer.configuration.speaker.embeddingSize
        let codes = synthesizer.configuration.decoder.speechCodes
        var generator = SeededGenerator(seed: 7)
        func voice(_ seed: Int) -> Voice {
            var g = SeededGenerator(seed: UInt64(seed) &* 0x9E37_79B9 &+ 1)
            let embedding = (0..<dimension).map { _ in Float(g.nextUnit() - 0.5) }
            let tokens = (0..<40).map { _ in Int(g.next() % UInt64(codes)) }
            return Voice(embedding: embedding, transcript: "A voice number \(seed).", duration: 3, promptSpeechTokens: tokens)
        }
        let voices = (0..<4).map(voice)
        var shared: [SampleRate: Session] = [:]
        var samples: [Sample] = []
        let start = ContinuousClock.now
        func sample(_ done: Int) {
            let s = Sample(requests: done, residentMB: Double(residentBytes()) / 1e6, anonymousMB: Double(anonymousResidentBytes()) / 1e6,
                           sessionCacheMB: Double(shared.values.reduce(0) { $0 + $1.cacheBytes }) / 1e6, seconds: seconds(since: start))
            samples.append(s)
            if !json {
                print(String(format: "%5d requests  resident %7.1f MB  anonymous %7.1f MB  session caches %6.2f MB  %6.1f s",
                             s.requests, s.residentMB, s.anonymousMB, s.sessionCacheMB, s.seconds))
            }
        }
        sample(0)
        for i in 0..<requests {
            let rate: SampleRate = i % 2 == 0 ? .hz24000 : .hz32000
            let options = SessionOptions(sampleRate: rate, seed: UInt64(i))
            let session: Session
            if sessions == "shared" {
                session = try shared[rate] ?? synthesizer.makeSession(options)
                shared[rate] = session
                session.setSeed(UInt64(i))
            } else {
                session = try synthesizer.makeSession(options)
            }
            let v: Voice? = distinctVoices ? voice(1000 + i) : (i % 5 == 4 ? nil : voices[i % voices.count])
            let text = Self.texts[Int(generator.next() % UInt64(Self.texts.count))]
            if i % 5 == 3 {
                var count = 0
                try session.synthesize(text, voice: v) { count += $0.count }
                precondition(count > 0, "request \(i) streamed no samples")
            } else {
                let out = try session.synthesize(text, voice: v)
                precondition(!out.waveform.samples.isEmpty, "request \(i) produced no samples")
            }
            let done = i + 1
            if done % every == 0 || done == warmup || done == requests { sample(done) }
        }
        let baseline = samples.first { $0.requests == warmup } ?? samples[0]
        let growth = samples.last!.residentMB - baseline.residentMB
        let passed = growth <= maxGrowthMb
        let report = Report(model: synthesizer.identifier, sessions: sessions, distinctVoices: distinctVoices, samples: samples,
                            growthAfterWarmupMB: growth, passed: passed)
        if json {
            try printJSON(report)
        } else {
            print(String(format: "resident memory after the %d-request warm-up: %+.1f MB over %d requests (limit %.0f MB): %@",
                         warmup, growth, requests - warmup, maxGrowthMb, passed ? "flat" : "GROWING"))
        }
        if !passed { throw ExitCode(1) }
    }
}

/// Resident set size now (/proc/self/statm: resident pages × page size); 0 where there is no /proc.
func residentBytes() -> Int {
    guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return 0 }
    let fields = text.split(separator: " ")
    guard fields.count > 1, let pages = Int(fields[1]) else { return 0 }
    return pages * Int(sysconf(Int32(_SC_PAGESIZE)))
}

/// Anonymous resident memory (RssAnon in /proc/self/status): the heap and anonymous mappings, without
/// the mapped libraries and weight files that make up the rest of the resident set.
func anonymousResidentBytes() -> Int {
    guard let text = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
          let line = text.split(separator: "\n").first(where: { $0.hasPrefix("RssAnon:") }),
          let kilobytes = Int(line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first ?? "") else { return 0 }
    return kilobytes * 1024
}
