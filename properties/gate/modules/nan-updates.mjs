// An optimizer whose updates are NaN from step 3 on.
export default (schedule) => ({
  name: 'NaN after 3 steps',
  init: () => null,
  update(g, state, W, t) {
    const data = new Float64Array(W.data.length).fill(t >= 3 ? NaN : 0);
    for (let e = 0; t < 3 && e < data.length; e++) data[e] = -schedule(t) * g.sign[e];
    return { updates: { rows: W.rows, cols: W.cols, data }, state };
  },
});
