package io.varanus.models.vae.internal;

import io.varanus.models.vae.DenseLayer;
import io.varanus.models.vae.InputLayout;
import io.varanus.models.vae.VaeConfig;
import io.varanus.models.vae.VaeWeights;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The VAE as a SameDiff graph: the training path and the reference for the fast scorer.
 *
 * <p>Placeholders: {@code x} [batch, width], {@code eps} [batch, latent] (the reparameterization
 * noise, fed from a seeded generator so that training and tests are reproducible) and {@code beta}
 * (the KL weight of warm-up). Outputs: {@code recon} (per-row -log p(x|z)), {@code kl} (per-row
 * closed-form KL(q(z|x) || N(0, I))), {@code loss} (batch mean of recon + beta * kl), {@code out}
 * (decoder output), {@code mu}, {@code logvar}.
 */
public final class VaeGraph {

  public static final String X = "x";
  public static final String EPS = "eps";
  public static final String BETA = "beta";
  public static final String RECON = "recon";
  public static final String KL = "kl";
  public static final String LOSS = "loss";
  public static final String OUT = "out";
  public static final String MU = "mu";
  public static final String LOGVAR = "logvar";
  public static final String RAW_VARIANCE = "raw_variance";

  private static final double LOG_2PI = Math.log(2 * Math.PI);

  /** Logits of categorical groups are clamped to this bound, in training and in scoring. */
  public static final float LOGIT_BOUND = 40f;

  private final SameDiff sd;
  private final InputLayout layout;
  private final VaeConfig config;
  private final DataType dtype;

  private VaeGraph(SameDiff sd, InputLayout layout, VaeConfig config, DataType dtype) {
    this.sd = sd;
    this.layout = layout;
    this.config = config;
    this.dtype = dtype;
  }

  /** Builds the graph with {@code weights} as its trainable variables. */
  public static VaeGraph build(
      InputLayout layout, VaeConfig config, VaeWeights weights, DataType dtype) {
    NativeThreads.configure();
    SameDiff sd = SameDiff.create();
    VaeGraph g = new VaeGraph(sd, layout, config, dtype);
    g.define(weights);
    return g;
  }

  public SameDiff sameDiff() {
    return sd;
  }

  /** Names of the trainable variables, in the order of {@link VaeWeights#layers()}. */
  public List<String> layerNames() {
    List<String> names = new ArrayList<>();
    for (int i = 0; i < config.encoderHidden().size(); i++) {
      names.add("enc" + i);
    }
    names.add("mu");
    names.add("lv");
    for (int i = 0; i < config.decoderHidden().size(); i++) {
      names.add("dec" + i);
    }
    names.add("out");
    return names;
  }

  private void define(VaeWeights weights) {
    int width = layout.width();
    SDVariable x = sd.placeHolder(X, dtype, -1, width);
    SDVariable eps = sd.placeHolder(EPS, dtype, -1, config.latentDim());
    SDVariable beta = sd.placeHolder(BETA, dtype);
    List<String> names = layerNames();
    List<DenseLayer> layers = weights.layers();
    int li = 0;

    SDVariable h = x;
    for (int i = 0; i < config.encoderHidden().size(); i++, li++) {
      h = sd.nn().tanh(dense(h, names.get(li), layers.get(li)));
    }
    SDVariable mu = sd.identity(MU, dense(h, names.get(li), layers.get(li)));
    li++;
    SDVariable logVar = sd.identity(LOGVAR, dense(h, names.get(li), layers.get(li)));
    li++;
    SDVariable sigma = sd.math().exp(logVar.mul(0.5));
    SDVariable z = mu.add(sigma.mul(eps));
    SDVariable g = z;
    for (int i = 0; i < config.decoderHidden().size(); i++, li++) {
      g = sd.nn().tanh(dense(g, names.get(li), layers.get(li)));
    }
    SDVariable out = sd.identity(OUT, dense(g, names.get(li), layers.get(li)));

    SDVariable recon = reconstruction(x, out, weights.rawVariance());
    sd.identity(RECON, recon);
    SDVariable kl =
        sd.math().exp(logVar).add(mu.mul(mu)).sub(logVar).sub(1.0).sum(1).mul(0.5).rename(KL);
    SDVariable loss = recon.add(kl.mul(beta)).mean().rename(LOSS);
    sd.setLossVariables(loss);
  }

  private SDVariable dense(SDVariable in, String name, DenseLayer layer) {
    SDVariable w = sd.var(name + "_w", array(layer.w(), layer.in(), layer.out()));
    SDVariable b = sd.var(name + "_b", array(layer.b(), layer.out()));
    return sd.nn().biasAdd(in.mmul(w), b, false);
  }

  /** Per-row -log p(x|z): Gaussian terms of the continuous columns plus softmax groups. */
  private SDVariable reconstruction(SDVariable x, SDVariable out, float[] rawVariance) {
    SDVariable total = null;
    int[] cont = layout.continuousColumns();
    if (cont.length > 0) {
      SDVariable raw = sd.var(RAW_VARIANCE, array(rawVariance, rawVariance.length));
      SDVariable variance = sd.nn().softplus(raw).add(config.minVariance());
      SDVariable select = selection("select_continuous", cont);
      SDVariable xc = x.mmul(select);
      SDVariable mc = out.mmul(select);
      SDVariable diff = xc.sub(mc);
      SDVariable quad = rowSum(diff.mul(diff).div(variance), cont.length);
      SDVariable logDet = sd.math().log(variance).sum();
      total = quad.add(logDet).add(cont.length * LOG_2PI).mul(0.5);
    }
    SDVariable categorical = categoricalNll(x, out);
    if (categorical != null) {
      total = total == null ? categorical : total.add(categorical);
    }
    return total;
  }

  /**
   * Sum over the columns of a [batch, width] matrix. ND4J M2.1 fails to reduce along a dimension of
   * length 1 ("x is null" in BaseReduceOp.noOp), so a single column is reshaped instead.
   */
  private SDVariable rowSum(SDVariable v, int width) {
    return width == 1 ? sd.reshape(v, -1) : v.sum(1);
  }

  /**
   * -log softmax of every one-hot group at once, so the graph has the same few ops however many
   * groups there are: logits clamped to [-LOGIT_BOUND, LOGIT_BOUND] (exp cannot overflow, and no
   * per-group max is needed), per-group sums of exp by a product with a group-indicator matrix.
   */
  private SDVariable categoricalNll(SDVariable x, SDVariable out) {
    List<Integer> cols = new ArrayList<>();
    List<Integer> groupOf = new ArrayList<>();
    int groups = 0;
    for (int i = 0; i < layout.blocks().size(); i++) {
      if (layout.blocks().get(i) instanceof InputLayout.Categorical c) {
        int o = layout.offset(i);
        for (int j = 0; j < c.size(); j++) {
          cols.add(o + j);
          groupOf.add(groups);
        }
        groups++;
      }
    }
    if (groups == 0) {
      return null;
    }
    SDVariable select =
        selection("select_categorical", cols.stream().mapToInt(Integer::intValue).toArray());
    float[] indicator = new float[cols.size() * groups];
    for (int j = 0; j < cols.size(); j++) {
      indicator[j * groups + groupOf.get(j)] = 1f;
    }
    SDVariable member = sd.constant("group_indicator", array(indicator, cols.size(), groups));
    SDVariable logits = sd.math().clipByValue(out.mmul(select), -LOGIT_BOUND, LOGIT_BOUND);
    SDVariable target = x.mmul(select);
    SDVariable lse = sd.math().log(sd.math().exp(logits).mmul(member));
    SDVariable mass = target.mmul(member);
    return rowSum(lse.mul(mass), groups).sub(rowSum(target.mul(logits), cols.size()));
  }

  /**
   * A constant 0/1 matrix [width, cols.length] that picks columns by multiplication: slicing by
   * matrix product keeps the gradient path to plain mmul, which ND4J differentiates reliably.
   */
  private SDVariable selection(String name, int... cols) {
    int width = layout.width();
    float[] m = new float[width * cols.length];
    for (int j = 0; j < cols.length; j++) {
      m[cols[j] * cols.length + j] = 1f;
    }
    return sd.constant(name, array(m, width, cols.length));
  }

  private INDArray array(float[] values, long... shape) {
    return Nd4j.create(values, shape, 'c').castTo(dtype);
  }

  /** The current weights of the graph, as plain arrays. */
  public VaeWeights weights() {
    List<String> names = layerNames();
    List<DenseLayer> layers = new ArrayList<>();
    for (String n : names) {
      INDArray w = sd.getVariable(n + "_w").getArr();
      INDArray b = sd.getVariable(n + "_b").getArr();
      layers.add(new DenseLayer((int) w.size(0), (int) w.size(1), floats(w), floats(b)));
    }
    int nEnc = config.encoderHidden().size();
    int nDec = config.decoderHidden().size();
    float[] raw =
        sd.hasVariable(RAW_VARIANCE) ? floats(sd.getVariable(RAW_VARIANCE).getArr()) : new float[0];
    return new VaeWeights(
        layers.subList(0, nEnc),
        layers.get(nEnc),
        layers.get(nEnc + 1),
        layers.subList(nEnc + 2, nEnc + 2 + nDec),
        layers.get(nEnc + 2 + nDec),
        raw);
  }

  /** Runs the graph forward and returns the named outputs. */
  public Map<String, INDArray> run(INDArray x, INDArray eps, double beta, String... outputs) {
    return sd.output(
        Map.of(X, x.castTo(dtype), EPS, eps.castTo(dtype), BETA, Nd4j.scalar(dtype, beta)),
        outputs);
  }

  static float[] floats(INDArray a) {
    return a.castTo(DataType.FLOAT).dup('c').data().asFloat();
  }
}
