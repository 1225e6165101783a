import { deadLetterTopic, TOPICS } from '@app/contracts';

/** Prints "topic partitions" lines for the development broker: every topic and its dead-letter topic. */
export function topicLines(): string[] {
  return Object.entries(TOPICS).flatMap(([topic, { partitions }]) => [`${topic} ${partitions}`, `${deadLetterTopic(topic)} 3`]);
}

if (require.main === module) console.log(topicLines().join('\n'));
