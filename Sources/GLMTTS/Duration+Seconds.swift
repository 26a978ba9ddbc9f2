extension Duration {
    /// The duration in seconds, for timings and benchmarks.
    var inSeconds: Double { Double(components.seconds) + Double(components.attoseconds) * 1e-18 }
}
