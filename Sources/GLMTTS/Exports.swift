// The types a user of GLMTTS handles directly (voices, waveforms) come from the modules it composes.
@_exported import SpeakerStyle
@_exported import TextEncoding
@_exported import WaveformOutput
