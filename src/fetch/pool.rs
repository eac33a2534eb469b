//! Runs many fetches on a few threads: at most `parallel` at once and at most
//! `per_host` to one host, reporting each result as it finishes.

use std::collections::HashMap;
use std::sync::{Arc, Condvar, Mutex};

use super::{Fetched, Limits, Validators, agent, fetch_one, host_of};

/// One URL to fetch.
#[derive(Debug, Clone)]
pub struct Job {
    pub url: String,
    pub validators: Validators,
}

struct Queue {
    jobs: Vec<Job>,
    busy: HashMap<String, usize>,
}

/// Fetches every job; `done` is called from the worker threads as each finishes.
/// Returns when all are done.
pub fn fetch_all(jobs: Vec<Job>, limits: &Limits, done: impl Fn(Fetched) + Send + Sync) {
    let workers = limits.parallel.max(1).min(jobs.len());
    let state = Arc::new((
        Mutex::new(Queue {
            jobs,
            busy: HashMap::new(),
        }),
        Condvar::new(),
    ));
    let agent = agent(limits);
    std::thread::scope(|scope| {
        for _ in 0..workers {
            let state = Arc::clone(&state);
            let (agent, done) = (&agent, &done);
            scope.spawn(move || {
                loop {
                    let (lock, cvar) = &*state;
                    let job = {
                        let mut q = lock
                            .lock()
                            .unwrap_or_else(std::sync::PoisonError::into_inner);
                        loop {
                            if q.jobs.is_empty() {
                                break None;
                            }
                            let free = q.jobs.iter().position(|j| {
                                q.busy.get(&host_of(&j.url)).copied().unwrap_or(0)
                                    < limits.per_host.max(1)
                            });
                            if let Some(i) = free {
                                let job = q.jobs.remove(i);
                                *q.busy.entry(host_of(&job.url)).or_default() += 1;
                                break Some(job);
                            }
                            q = cvar
                                .wait(q)
                                .unwrap_or_else(std::sync::PoisonError::into_inner);
                        }
                    };
                    let Some(job) = job else { break };
                    let result = fetch_one(agent, &job.url, &job.validators, limits);
                    {
                        let mut q = lock
                            .lock()
                            .unwrap_or_else(std::sync::PoisonError::into_inner);
                        if let Some(n) = q.busy.get_mut(&host_of(&job.url)) {
                            *n -= 1;
                        }
                    }
                    cvar.notify_all();
                    done(result);
                }
            });
        }
    });
}
