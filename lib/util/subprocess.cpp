#include "util/subprocess.h"

#include <fcntl.h>
#include <grp.h>
#include <poll.h>
#include <pthread.h>
#include <pwd.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

namespace pgdrift {
namespace {

// The OS user a child switches to, looked up before fork: the child of a process with
// several threads may only make async-signal-safe calls until it execs, and getpwnam
// takes locks another thread may hold at the moment of the fork.
struct SwitchTo {
  bool needed = false;
  bool found = false;
  uid_t uid = 0;
  gid_t gid = 0;
  std::string home, name;
};

SwitchTo look_up_user(const ProcessOptions& options) {
  SwitchTo to;
  if (!options.run_as || geteuid() != 0) return to;
  to.needed = true;
  passwd entry{};
  passwd* found = nullptr;
  std::vector<char> buffer(16384);
  if (getpwnam_r(options.run_as->c_str(), &entry, buffer.data(), buffer.size(), &found) == 0 &&
      found) {
    to.found = true;
    to.uid = found->pw_uid;
    to.gid = found->pw_gid;
    to.home = found->pw_dir;
    to.name = found->pw_name;
  }
  return to;
}

// Between fork and exec: no allocation, so pieces are written one by one.
void write_error(const char* what, const char* name, const char* why = "") {
  for (const char* piece : {what, name, why, "\n"}) {
    const ssize_t ignored = write(2, piece, std::strlen(piece));
    (void)ignored;
  }
}

// Everything the child needs, made before fork: the child of a process with several
// threads may only make async-signal-safe calls until it execs (no allocation, no
// setenv: an allocator or environment lock another thread held at the fork stays held in
// the child forever; a sanitizer build's child spun on one for twenty minutes).
struct PreparedExec {
  std::string program;                   ///< argv[0], or where PATH finds it
  std::vector<std::string> env_strings;  ///< NAME=VALUE
  std::vector<char*> args, envp;         ///< null-terminated, into argv and env_strings
};

PreparedExec prepare_exec(const std::vector<std::string>& argv, const ProcessOptions& options,
                          const SwitchTo& user) {
  PreparedExec p;
  std::map<std::string, std::string> env;
  for (char** e = environ; *e; ++e) {
    const std::string entry = *e;
    const auto eq = entry.find('=');
    if (eq != std::string::npos) env[entry.substr(0, eq)] = entry.substr(eq + 1);
  }
  if (user.needed) {
    env["HOME"] = user.home;
    env["USER"] = user.name;
  }
  for (const auto& name : options.unset_env) env.erase(name);
  for (const auto& [k, v] : options.env) env[k] = v;
  for (const auto& [k, v] : env) p.env_strings.push_back(k + "=" + v);
  p.program = argv.at(0);
  if (p.program.find('/') == std::string::npos) {
    const auto path = env.find("PATH");
    const std::string dirs = path == env.end() ? "/usr/local/bin:/usr/bin:/bin" : path->second;
    for (size_t start = 0; start <= dirs.size();) {
      size_t end = dirs.find(':', start);
      if (end == std::string::npos) end = dirs.size();
      const std::string dir = end > start ? dirs.substr(start, end - start) : ".";
      const std::string candidate = dir + "/" + argv[0];
      if (access(candidate.c_str(), X_OK) == 0) {
        p.program = candidate;
        break;
      }
      start = end + 1;
    }
  }
  for (const auto& a : argv) p.args.push_back(const_cast<char*>(a.c_str()));
  p.args.push_back(nullptr);
  for (auto& e : p.env_strings) p.envp.push_back(e.data());
  p.envp.push_back(nullptr);
  return p;
}

// In the child: switch user, change directory, exec. Async-signal-safe calls only.
[[noreturn]] void exec_child(const PreparedExec& exec, const ProcessOptions& options,
                             const SwitchTo& user) {
  if (user.needed) {
    if (!user.found || setgroups(0, nullptr) != 0 || setgid(user.gid) != 0 ||
        setuid(user.uid) != 0) {
      write_error("cannot switch to user ", options.run_as->c_str());
      _exit(127);
    }
  }
  if (options.cwd && chdir(options.cwd->c_str()) != 0) _exit(127);
  execve(exec.program.c_str(), exec.args.data(), exec.envp.data());
  const int err = errno;
  write_error("cannot run ", exec.args[0],
              err == ENOENT ? ": No such file or directory" : ": cannot be executed");
  _exit(127);
}

int decode_status(int status) {
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
  return -1;
}

// Writes to a child's stdin. A child that exits before reading all of it (psql stopping
// at the first error) must not kill this process with SIGPIPE: the signal is blocked
// for the write, and one that the write raised is taken off again, as libpq does for
// its sockets. Returns write()'s result (-1 with EPIPE in that case).
ssize_t write_without_sigpipe(int fd, const char* data, size_t size) {
  sigset_t sigpipe, old_mask;
  sigemptyset(&sigpipe);
  sigaddset(&sigpipe, SIGPIPE);
  pthread_sigmask(SIG_BLOCK, &sigpipe, &old_mask);
  sigset_t pending;
  sigpending(&pending);
  const bool was_pending = sigismember(&pending, SIGPIPE) == 1;
  const ssize_t written = write(fd, data, size);
  const int saved_errno = errno;
  if (written < 0 && saved_errno == EPIPE && !was_pending) {
    const timespec no_wait{0, 0};
    sigtimedwait(&sigpipe, nullptr, &no_wait);
  }
  pthread_sigmask(SIG_SETMASK, &old_mask, nullptr);
  errno = saved_errno;
  return written;
}

}  // namespace

ProcessResult run_process(const std::vector<std::string>& argv, const ProcessOptions& options) {
  const SwitchTo user = look_up_user(options);
  const PreparedExec exec = prepare_exec(argv, options, user);
  int in[2], out[2], err[2];
  // Close-on-exec: another thread's child (a server that lives on) must not inherit them,
  // or this one's reader would wait for an end of file that never comes. dup2 onto 0, 1
  // and 2 in the child clears the flag there.
  if (pipe2(in, O_CLOEXEC) != 0 || pipe2(out, O_CLOEXEC) != 0 || pipe2(err, O_CLOEXEC) != 0)
    throw std::runtime_error("pipe failed");
  const pid_t pid = fork();
  if (pid < 0) throw std::runtime_error("fork failed");
  if (pid == 0) {
    dup2(in[0], 0);
    dup2(out[1], 1);
    dup2(err[1], 2);
    for (int fd : {in[0], in[1], out[0], out[1], err[0], err[1]}) close(fd);
    exec_child(exec, options, user);
  }
  close(in[0]);
  close(out[1]);
  close(err[1]);
  if (options.on_start) options.on_start(pid);
  const std::string input = options.stdin_text.value_or("");
  size_t written = 0;
  if (input.empty()) {
    close(in[1]);
    in[1] = -1;
  } else {
    fcntl(in[1], F_SETFL, O_NONBLOCK);
  }
  ProcessResult result;
  bool out_open = true, err_open = true;
  char buf[65536];
  while (out_open || err_open || in[1] >= 0) {
    pollfd fds[3];
    int n = 0;
    if (out_open) fds[n++] = {out[0], POLLIN, 0};
    if (err_open) fds[n++] = {err[0], POLLIN, 0};
    if (in[1] >= 0) fds[n++] = {in[1], POLLOUT, 0};
    if (poll(fds, n, -1) < 0) {
      if (errno == EINTR) continue;
      break;
    }
    for (int i = 0; i < n; ++i) {
      if (!fds[i].revents) continue;
      if (fds[i].fd == in[1]) {
        const ssize_t w =
            write_without_sigpipe(in[1], input.data() + written, input.size() - written);
        if (w > 0) written += static_cast<size_t>(w);
        if (w < 0 || written == input.size()) {
          close(in[1]);
          in[1] = -1;
        }
        continue;
      }
      const ssize_t r = read(fds[i].fd, buf, sizeof buf);
      if (r <= 0) {
        if (fds[i].fd == out[0]) out_open = false;
        if (fds[i].fd == err[0]) err_open = false;
        continue;
      }
      (fds[i].fd == out[0] ? result.out : result.err).append(buf, static_cast<size_t>(r));
    }
  }
  close(out[0]);
  close(err[0]);
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  result.exit_code = decode_status(status);
  return result;
}

int spawn_process(const std::vector<std::string>& argv, const ProcessOptions& options) {
  const SwitchTo user = look_up_user(options);
  const PreparedExec exec = prepare_exec(argv, options, user);
  const pid_t pid = fork();
  if (pid < 0) throw std::runtime_error("fork failed");
  if (pid == 0) {
    const int null = open("/dev/null", O_RDWR);
    dup2(null, 0);
    dup2(null, 1);
    dup2(null, 2);
    exec_child(exec, options, user);
  }
  return pid;
}

int wait_process(int pid) {
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  return decode_status(status);
}

bool os_user_exists(const std::string& name) {
  return getpwnam(name.c_str()) != nullptr;
}

}  // namespace pgdrift
