// A factory that throws when the harness hands it a schedule.
export default (schedule) => {
  throw new Error(`unsupported schedule ${schedule.description}`);
};
