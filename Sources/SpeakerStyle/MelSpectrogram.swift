/// Frames of spectral features: `frameCount` rows of `binCount` values, stored frame by frame.
public struct MelSpectrogram: Sendable, Equatable {
    public let frameCount: Int
    public let binCount: Int
    /// [frameCount][binCount], row-major.
    public var values: [Float]

    public init(frameCount: Int, binCount: Int, values: [Float]) {
        precondition(values.count == frameCount * binCount, "values must hold frameCount × binCount floats")
        self.frameCount = frameCount
        self.binCount = binCount
        self.values = values
    }

    public subscript(frame: Int, bin: Int) -> Float {
        get { values[frame * binCount + bin] }
        set { values[frame * binCount + bin] = newValue }
    }

    /// Frames `range` as a new spectrogram.
    public func frames(_ range: Range<Int>) -> MelSpectrogram {
        MelSpectrogram(frameCount: range.count, binCount: binCount,
                       values: Array(values[(range.lowerBound * binCount)..<(range.upperBound * binCount)]))
    }
}
