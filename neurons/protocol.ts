// The inference synapse miners answer and validators send. Its Python twin, for an SDK neuron on the same subnet:
//
//   class Classify(bt.Synapse):
//       task_id: str = ""
//       features: list[list[float]] = []
//       predictions: Optional[list[int]] = None
//       model: Optional[str] = None
//       required_hash_fields: ClassVar[tuple[str, ...]] = ("task_id", "features")
import { defineSynapse } from './synapse.ts';

export const Classify = defineSynapse({
  name: 'Classify',
  fields: {
    task_id: { type: 'str', default: '' },
    features: { type: 'float[][]', default: [] },
    predictions: { type: 'int[]', default: null, optional: true },
    model: { type: 'str', default: null, optional: true },
  },
  hashFields: ['task_id', 'features'],
});
