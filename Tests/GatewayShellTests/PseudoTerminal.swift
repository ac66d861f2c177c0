import Foundation
import TestSupport
import Testing

/// The real `gwsh` binary driven through a pseudo-terminal by python3's pexpect:
/// keys are typed as a user types them and every byte the terminal receives is kept.
struct PseudoTerminal {
  /// One thing the user does.
  enum Step: Encodable {
    /// Types text without pressing Enter.
    case type(String)
    /// Types a line and presses Enter.
    case line(String)
    /// Presses a key: `up`, `tab`, `ctrl-c`, `ctrl-d`, `ctrl-r`.
    case key(String)
    /// Waits until the output matches the regular expression.
    case wait(String)
    /// Waits this many seconds.
    case pause(Double)
    /// Waits for the shell to exit.
    case exit
    /// Writes a file in the state folder (the shell's working directory), as an editor saves it.
    case write(String, String)

    func encode(to encoder: any Encoder) throws {
      var container = encoder.singleValueContainer()
      switch self {
      case .type(let text): try container.encode(["type": text])
      case .line(let text): try container.encode(["line": text])
      case .key(let name): try container.encode(["key": name])
      case .wait(let pattern): try container.encode(["wait": pattern])
      case .pause(let seconds): try container.encode(["pause": "\(seconds)"])
      case .exit: try container.encode(["exit": ""])
      case .write(let name, let text): try container.encode(["write": name + "\u{0}" + text])
      }
    }
  }

  /// What the terminal received, and how the shell ended.
  struct Transcript: Decodable {
    /// Every byte the terminal received, base64-encoded by the driver.
    var raw: String
    /// The exit status, when the shell exited.
    var exitStatus: Int?
    /// The step that did not happen in time, if one did not.
    var failure: String?

    /// The bytes.
    var bytes: [UInt8] { Array(Data(base64Encoded: raw) ?? Data()) }
    /// The bytes as text.
    var text: String { String(decoding: bytes, as: UTF8.self) }

    enum CodingKeys: String, CodingKey {
      case raw
      case exitStatus = "exit_status"
      case failure
    }
  }

  /// The state folder: `XDG_STATE_HOME`, `HOME` and the working directory of the shell.
  let folder: String

  /// Creates a fresh state folder.
  init() throws {
    folder = TemporaryFolder(prefix: "gwsh-pty").path
  }

  /// Writes an executable program (a CGI script) into the state folder, where the shell starts.
  func install(_ name: String, _ program: String) throws {
    let path = folder + "/" + name
    try program.write(toFile: path, atomically: true, encoding: .utf8)
    chmod(path, 0o755)
  }

  /// Runs `gwsh ARGUMENTS` in a 120×40 terminal and performs the steps.
  /// - Parameters:
  ///   - arguments: The command-line arguments.
  ///   - colours: Whether `NO_COLOR` is left unset.
  ///   - steps: What the user does.
  func run(arguments: [String] = [], colours: Bool = false, _ steps: [Step]) throws -> Transcript {
    let stepsJSON = String(decoding: try JSONEncoder().encode(steps), as: UTF8.self)
    let result = try ChildProgram.run(
      "python3", ["-c", Self.driver, SystemTools.gwshExecutable, folder, stepsJSON, colours ? "1" : "0"] + arguments)
    guard result.status == 0 else { throw DriverFailed(stderr: result.standardErrorText) }
    return try JSONDecoder().decode(Transcript.self, from: result.standardOutput)
  }

  /// The pexpect driver itself failed (python3 or pexpect missing, or a bug in it).
  struct DriverFailed: Error, CustomStringConvertible {
    var stderr: String
    var description: String {
      "the pty driver (python3 with pexpect; Debian: python3-pexpect) failed:\n\(stderr)"
    }
  }

  /// The pexpect driver: performs the steps and prints the transcript as JSON.
  static let driver = #"""
    import base64, json, os, sys, time, pexpect
    binary, folder, steps, colours = sys.argv[1], sys.argv[2], json.loads(sys.argv[3]), sys.argv[4] == "1"
    env = {k: v for k, v in os.environ.items() if k != "NO_COLOR"}
    env.update(XDG_STATE_HOME=folder, HOME=folder, TERM="xterm")
    if not colours:
        env["NO_COLOR"] = "1"
    keys = {"up": "\x1b[A", "tab": "\t", "ctrl-c": "\x03", "ctrl-d": "\x04", "ctrl-r": "\x12"}
    child = pexpect.spawn(binary, sys.argv[5:], env=env, cwd=folder, dimensions=(40, 120), timeout=15)
    raw = bytearray()
    failure = None
    def drain(timeout=0.05):
        try:
            while True:
                raw.extend(child.read_nonblocking(65536, timeout=timeout))
        except (pexpect.TIMEOUT, pexpect.EOF):
            pass
    def wait(pattern, timeout=15):
        import re
        regex = re.compile(pattern.encode())
        deadline = time.time() + timeout
        while time.time() < deadline:
            drain(0.05)
            match = regex.search(bytes(raw[waited[-1]:]))
            if match:
                waited.append(waited[-1] + match.end())
                return True
            if not child.isalive():
                drain(0.05)
                return bool(regex.search(bytes(raw[waited[-1]:])))
        return False
    waited = [0]
    for step in steps:
        kind, value = next(iter(step.items()))
        if kind == "type":
            child.send(value)
        elif kind == "line":
            child.send(value + "\r")
        elif kind == "key":
            child.send(keys[value])
        elif kind == "pause":
            time.sleep(float(value)); drain()
        elif kind == "wait":
            if not wait(value):
                failure = "timed out waiting for " + repr(value); break
        elif kind == "write":
            name, _, text = value.partition("\0")
            with open(os.path.join(folder, name), "w") as handle:
                handle.write(text)
        elif kind == "exit":
            deadline = time.time() + 15
            while child.isalive() and time.time() < deadline:
                drain(0.1)
            if child.isalive():
                failure = "the shell did not exit"; break
    drain(0.2)
    status = None
    if not child.isalive():
        child.close()
        status = child.exitstatus
    else:
        child.terminate(force=True)
    print(json.dumps({"raw": base64.b64encode(bytes(raw)).decode(), "exit_status": status, "failure": failure}))
    """#
}
