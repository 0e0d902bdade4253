// runs the built CLI given as the first argument with the rest as its arguments
const [cli, ...rest] = process.argv.slice(2);
const { main } = (await import(cli!)) as { main: (argv: string[]) => Promise<void> };
await main([process.argv[0]!, 'trainkit', ...rest]);
