#include "app/dbmate_plan.h"

#include <filesystem>
#include <set>

#include "app/migration_naming.h"
#include "app/plan_proof.h"
#include "history/migration_files.h"
#include "plan/planner.h"
#include "util/atomic_file.h"
#include "util/error.h"

namespace pgdrift::app {

DownSection plan_down_section(const model::Catalog& after, const model::Catalog& before) {
  try {
    plan::Plan down = plan::plan_migration(after, before, plan::PlanOptions{false});
    if (plan::plan_parts(down).size() > 1) {
      return {std::nullopt, "it needs two transactions, which one dbmate down section cannot hold"};
    }
    return {std::move(down), ""};
  } catch (const Error& e) {
    if (e.category() != ErrorCategory::kUnsupported) throw;
    return {std::nullopt, e.what()};
  }
}

std::vector<DownSection> prove_both_ways(shadow::Shadow& shadow, const model::Catalog& from,
                                         const model::Catalog& to, const plan::Plan& plan,
                                         const LiveSource& reading, Log& log,
                                         const DownPlanner& down_planner,
                                         const std::vector<plan::Guard>* guards) {
  std::vector<std::string> runs;
  const auto parts = plan::plan_parts(plan);
  for (size_t k = 0; k < parts.size(); ++k) {
    runs.push_back(plan::part_run(parts[k], guards ? &guards->at(k) : nullptr));
  }
  const auto database = prove_runs(shadow, from, to, runs, {}, reading, log, true);
  std::vector<DownSection> downs;
  std::vector<std::optional<plan::Plan>> back;
  for (size_t k = 0; k + 1 < database.states.size(); ++k) {
    downs.push_back(down_planner ? down_planner(k, database.states[k + 1], database.states[k])
                                 : plan_down_section(database.states[k + 1], database.states[k]));
    back.push_back(downs.back().plan);
  }
  prove_downs(shadow, database, back, reading, log);
  return downs;
}

DbmateFiles dbmate_files(const std::string& dir, const std::string& name,
                         const std::vector<plan::Plan>& parts,
                         const std::vector<DownSection>& downs, bool proven,
                         const plan::PlanLabels& labels, const std::vector<plan::Guard>* guards) {
  // The downs are proven from the last file back, up to the first that has none.
  size_t first_proven_down = 0;
  for (size_t k = 0; k < downs.size(); ++k) {
    if (!downs[k].plan) first_proven_down = k + 1;
  }
  std::set<std::string> taken;  // versions of the files already there
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
    if (entry.path().extension() != ".sql") continue;
    taken.insert(history::migration_version(entry.path().filename().string()));
  }
  const auto versions = versions_after({taken.begin(), taken.end()}, parts.size());
  DbmateFiles files;
  const plan::Plan no_plan;
  for (size_t k = 0; k < parts.size(); ++k) {
    const std::string suffix = parts.size() > 1 ? "_" + std::to_string(k + 1) : "";
    const std::string& version = versions[k];
    if (taken.count(version)) {
      throw Error(ErrorCategory::kIo, "a migration of version " + version + " exists already in " +
                                          dir +
                                          " (another one written in the same seconds); "
                                          "run again");
    }
    const DownSection& down = downs.at(k);
    const plan::DbmateFile file{parts[k],
                                down.plan ? *down.plan : no_plan,
                                k + 1,
                                parts.size(),
                                down.refused,
                                proven,
                                proven && k >= first_proven_down,
                                guards ? &guards->at(k) : nullptr};
    files.paths.push_back(dir + "/" + version + "_" + name + suffix + ".sql");
    files.texts.push_back(plan::plan_dbmate_file(file, labels));
    files.versions.push_back(version);
  }
  return files;
}

void write_all_or_none(const DbmateFiles& files) {
  std::vector<std::pair<std::string, std::string>> contents;
  for (size_t k = 0; k < files.paths.size(); ++k) {
    contents.emplace_back(files.paths[k], files.texts[k]);
  }
  write_files_atomically(contents);
}

}  // namespace pgdrift::app
