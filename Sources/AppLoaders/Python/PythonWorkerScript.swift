/// The Python side of the bridge, run with `python -c`: it imports the app, then
/// serves requests over binary frames (see ``FrameType`` and ``WorkerEvent``).
///
/// The script is `worker.py`, compiled into the binary as bytes (a SwiftPM
/// resource embedded in code), so a program embedding the shell needs no
/// resource bundle beside its executable and nothing is looked up at run time.
enum PythonWorkerScript {
  static let source = String(decoding: PackageResources.worker_py, as: UTF8.self)
}
