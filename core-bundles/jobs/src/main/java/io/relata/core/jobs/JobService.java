package io.relata.core.jobs;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.relata.api.job.JobState;
import io.relata.api.job.JobStatus;
import io.relata.api.job.JobWork;
import io.relata.api.job.Jobs;
import io.relata.api.persistence.Transactions;
import io.relata.api.rest.Page;
import io.relata.api.rest.PageRequest;
import io.relata.api.rest.ProblemException;
import io.relata.api.security.AccessControl;
import io.relata.api.security.CurrentUser;
import io.relata.api.security.UserPrincipal;
import io.relata.core.jobs.JobStore.Progress;

/**
 * Runs background jobs on a few worker threads of this node and keeps their status in {@link JobStore}. A job
 * runs where it was submitted; any node answers for it from the table, and a cancel request taken by another
 * node reaches the work through the table too.
 *
 * <p>Immediate: the jobs an earlier run left behind are failed at startup, not when someone first asks, and the
 * workers must not stop (failing their jobs) just because the last module using the service went away.
 */
@Component(service = {Jobs.class, JobService.class}, immediate = true, configurationPid = JobSettings.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = JobSettings.class)
public class JobService implements Jobs {

    /** Read every user's jobs. */
    static final String READ_ALL = "jobs:read-all";
    /** Cancel every user's jobs. */
    static final String MANAGE = "jobs:manage";

    static final String SERVER_STOPPED = "the server stopped while the job ran";
    static final String CANCELLED = "cancelled on request";
    static final String CANCELLED_BEFORE_START = "cancelled before it started";

    static final Duration PROGRESS_INTERVAL = Duration.ofMillis(500);
    /** How long a stopping server waits for work that was asked to stop. */
    static final Duration STOP_GRACE = Duration.ofSeconds(5);
    private static final int MAX_KIND = 100;
    private static final Logger LOG = LoggerFactory.getLogger(JobService.class);

    /** What {@link #cancelForCaller(String)} did. */
    enum CancelOutcome {
        /** The job was queued and is cancelled, or runs and was asked to stop. */
        CANCELLING,
        /** It has ended already. */
        FINISHED,
        /** The caller may see the job but not cancel it. */
        NOT_ALLOWED,
        /** No such job, or one the caller may not even see. */
        NOT_FOUND
    }

    private final JobStore store;
    private final CurrentUser currentUser;
    private final AccessControl access;
    private final Transactions transactions;
    private final Clock clock;
    private final NodeIdentity node;
    private final Duration stopGrace;
    /** Jobs of this node that are queued or running, by id. */
    private final Map<String, RunningJob> local = new ConcurrentHashMap<>();
    private final ThreadPoolExecutor workers;
    private final ScheduledExecutorService progressWriter;
    private volatile boolean stopping;

    @Activate
    public JobService(JobSettings settings, @Reference JobStore store, @Reference CurrentUser currentUser,
                      @Reference AccessControl access, @Reference Transactions transactions) {
        this(store, currentUser, access, transactions, Clock.systemUTC(), NodeIdentity.ofThisProcess(),
                threadsOf(settings), PROGRESS_INTERVAL, STOP_GRACE);
    }

    JobService(JobStore store, CurrentUser currentUser, AccessControl access, Transactions transactions, Clock clock,
               NodeIdentity node, int threads, Duration progressInterval, Duration stopGrace) {
        this.store = store;
        this.currentUser = currentUser;
        this.access = access;
        this.transactions = transactions;
        this.clock = clock;
        this.node = node;
        this.stopGrace = stopGrace;
        failJobsOfEarlierRuns();
        this.workers = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(),
                threadsNamed("relata-job-"));
        this.progressWriter = Executors.newSingleThreadScheduledExecutor(threadsNamed("relata-job-progress-"));
        progressWriter.scheduleWithFixedDelay(this::writeProgress, progressInterval.toMillis(),
                progressInterval.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Modified
    void modified(JobSettings settings) {
        int threads = threadsOf(settings);
        // the pool refuses a core size above its maximum, so the order depends on the direction
        if (threads > workers.getMaximumPoolSize()) {
            workers.setMaximumPoolSize(threads);
            workers.setCorePoolSize(threads);
        } else {
            workers.setCorePoolSize(threads);
            workers.setMaximumPoolSize(threads);
        }
    }

    /**
     * Asks running work to stop and gives it a few seconds; what is still queued or running after that fails,
     * so nobody waits for a job that this process will never finish.
     */
    @Deactivate
    void deactivate() {
        stopping = true;
        local.values().forEach(RunningJob::requestStop);
        workers.getQueue().clear();
        workers.shutdown();
        try {
            if (!workers.awaitTermination(stopGrace.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("{} background job(s) did not stop within {} s of being asked; interrupting them",
                        workers.getActiveCount(), stopGrace.toSeconds());
                workers.shutdownNow();
                // an interrupted worker that still answers records its job itself
                workers.awaitTermination(1, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            workers.shutdownNow();
            Thread.currentThread().interrupt();
        }
        progressWriter.shutdownNow();
        try {
            int failed = store.failUnfinished(node, SERVER_STOPPED, now());
            if (failed > 0) {
                LOG.info("{} background job(s) failed because the server stops", failed);
            }
        } catch (RuntimeException e) {
            LOG.warn("Could not mark the unfinished background jobs failed; the next start will: {}", e.toString());
        }
    }

    // ---- Jobs ----------------------------------------------------------------------------------------------

    @Override
    public JobStatus submit(String kind, String title, JobWork work) {
        if (kind == null || kind.isBlank() || kind.length() > MAX_KIND) {
            throw new IllegalArgumentException("a job's kind is 1 to " + MAX_KIND + " characters: " + kind);
        }
        if (work == null) {
            throw new IllegalArgumentException("a job needs work to do");
        }
        UserPrincipal submitter = currentUser.require();
        if (stopping) {
            throw new IllegalStateException("the server is stopping and takes no more jobs");
        }
        String heading = OneLine.of(title, JobStore.MAX_TITLE);
        JobStatus job = new JobStatus(UUID.randomUUID().toString(), kind.strip(), heading == null ? kind : heading,
                JobState.QUEUED, -1, 0, 0, 0, null, Map.of(), submitter.id(), now(), null, null);
        store.insert(job, node);
        RunningJob running = new RunningJob(job.id(), job.kind(), submitter, work);
        // a worker must not look for the job before the caller's transaction has committed it
        transactions.afterCommit(() -> enqueue(running));
        return job;
    }

    @Override
    public Optional<JobStatus> find(String id) {
        Optional<UserPrincipal> caller = currentUser.get();
        if (caller.isEmpty() || id == null) {
            return Optional.empty();
        }
        return store.find(id).filter(job -> job.createdBy().equals(caller.get().id()) || access.permits(READ_ALL));
    }

    @Override
    public boolean cancel(String id) {
        return cancelForCaller(id) == CancelOutcome.CANCELLING;
    }

    // ---- for the REST resource -----------------------------------------------------------------------------

    CancelOutcome cancelForCaller(String id) {
        Optional<UserPrincipal> caller = currentUser.get();
        Optional<JobStatus> found = caller.isEmpty() || id == null ? Optional.empty() : store.find(id);
        if (found.isEmpty()) {
            return CancelOutcome.NOT_FOUND;
        }
        JobStatus job = found.get();
        if (!job.createdBy().equals(caller.get().id()) && !access.permits(MANAGE)) {
            return access.permits(READ_ALL) ? CancelOutcome.NOT_ALLOWED : CancelOutcome.NOT_FOUND;
        }
        if (job.finished()) {
            return CancelOutcome.FINISHED;
        }
        if (store.cancelQueued(id, CANCELLED_BEFORE_START, now())) {
            return CancelOutcome.CANCELLING;
        }
        if (store.requestCancel(id)) {
            RunningJob here = local.get(id);
            if (here != null) {
                here.requestCancel(); // at once, not with the next progress write
            }
            return CancelOutcome.CANCELLING;
        }
        return CancelOutcome.FINISHED; // it ended between the read and the update
    }

    /**
     * @param mine only the caller's jobs; everyone's needs {@value #READ_ALL}
     * @param kind only jobs of this kind, or {@code null}
     * @throws ProblemException 403 for everyone's jobs without {@value #READ_ALL}
     */
    Page<JobStatus> list(boolean mine, String kind, PageRequest page) {
        UserPrincipal caller = currentUser.require();
        if (!mine) {
            access.require(READ_ALL);
        }
        return store.list(mine ? caller.id() : null, kind, page);
    }

    /** The job as stored, whoever asks; only for callers that checked who may see it. */
    Optional<JobStatus> stored(String id) {
        return store.find(id);
    }

    // ---- running -------------------------------------------------------------------------------------------

    private void enqueue(RunningJob job) {
        local.put(job.jobId(), job);
        try {
            workers.execute(() -> run(job));
        } catch (RejectedExecutionException stopped) {
            // the server began to stop after the job was stored; deactivation fails it with the others
            local.remove(job.jobId());
        }
    }

    private void run(RunningJob job) {
        try {
            if (stopping || !store.start(job.jobId(), now())) {
                return; // cancelled while queued, or left for deactivation to fail
            }
            Throwable failure = null;
            try {
                runAsSubmitter(job);
            } catch (Exception | Error e) {
                failure = e;
            }
            finish(job, failure);
            if (failure instanceof VirtualMachineError fatal) {
                throw fatal;
            }
        } catch (RuntimeException e) {
            LOG.error("Background job {} could not be recorded; it stays as it was last stored", job, e);
        } finally {
            local.remove(job.jobId());
        }
    }

    private void runAsSubmitter(RunningJob job) throws Exception {
        UserPrincipal submitter = job.submitter();
        if (UserPrincipal.SYSTEM.equals(submitter.id())) {
            currentUser.runAsSystem(() -> {
                job.work().run(job);
                return null;
            });
        } else {
            currentUser.runAs(submitter.username(), () -> {
                job.work().run(job);
                return null;
            });
        }
    }

    private void finish(RunningJob job, Throwable failure) {
        Progress reported = job.progress();
        JobState state;
        String message;
        if (job.sawStop() || stopping && failure != null) {
            // whatever the work threw as the server stopped (an interrupt, a closed connection) is not its fault
            state = JobState.FAILED;
            message = SERVER_STOPPED;
            if (failure != null) {
                LOG.warn("Background job {} ({}) ended as the server stopped: {}", job.jobId(), job.kind(),
                        failure.toString());
            }
        } else if (job.sawCancel()) {
            state = JobState.CANCELLED;
            message = CANCELLED;
        } else if (failure != null) {
            state = JobState.FAILED;
            message = OneLine.of(describe(failure), JobStore.MAX_MESSAGE);
            LOG.error("Background job {} ({}) of {} failed", job.jobId(), job.kind(), job.submitter().username(),
                    failure);
        } else {
            state = JobState.SUCCEEDED;
            message = reported.message();
        }
        Progress last = new Progress(reported.total(), reported.processed(), reported.succeeded(), reported.failed(),
                message, reported.result());
        store.finish(job.jobId(), node, state, last, now());
    }

    /** What the failure says, without its stack: what a person can act on, the log has the rest. */
    private static String describe(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof ProblemException problem) {
                String detail = problem.problem().detail();
                return detail.isBlank() ? problem.problem().title() : detail;
            }
        }
        String message = failure.getMessage();
        return message == null || message.isBlank() ? failure.getClass().getSimpleName() : message;
    }

    /** Stores what running work reported and passes on cancel requests other nodes took. */
    private void writeProgress() {
        try {
            if (local.isEmpty()) {
                return;
            }
            List<RunningJob> jobs = new ArrayList<>(local.values());
            for (RunningJob job : jobs) {
                job.saveIfChanged(store::saveProgress);
            }
            for (String id : store.cancelRequested(node)) {
                RunningJob job = local.get(id);
                if (job != null) {
                    job.requestCancel();
                }
            }
        } catch (RuntimeException e) {
            // a scheduled task that throws is never run again; the next write catches up
            LOG.warn("Could not store the progress of background jobs: {}", e.toString());
        }
    }

    private void failJobsOfEarlierRuns() {
        try {
            int failed = store.failLeftByEarlierRuns(node, SERVER_STOPPED, now());
            if (failed > 0) {
                LOG.warn("{} background job(s) of {} were left unfinished when the server last stopped; marked"
                        + " failed", failed, node.name());
            }
        } catch (RuntimeException e) {
            LOG.error("Could not mark the background jobs of the previous run failed", e);
        }
    }

    /** Microseconds: what both databases keep, so a returned status equals the stored one. */
    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    private static int threadsOf(JobSettings settings) {
        int threads = settings.threads();
        if (threads < 1) {
            LOG.warn("{} threads={} would never run a job; using 1", JobSettings.PID, threads);
            return 1;
        }
        return threads;
    }

    private static ThreadFactory threadsNamed(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return work -> {
            Thread thread = new Thread(work, prefix + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
